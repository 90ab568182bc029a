/** A read-only root filesystem stops an intruder from dropping tools or changing binaries in the container. */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { failingNames } from "../lib/admission";

const roOk =
    "has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem == true";

export const readOnlyRootFilesystem: ResourcePolicy = {
    kind: "resource",
    name: "read-only-root-filesystem",
    since: "0.1.0",
    description: "Every container sets securityContext.readOnlyRootFilesystem: true.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes " +
        "(e.g. /tmp), as SecureWorkload does.",
    frameworks: { nsa: "Use immutable container file systems", brief: ["F3", "C3", "C4", "Q3"] },
    types: POD_TYPES,
    admission: {
        match: "pods",
        validations: [
            {
                expression: `variables.containers.all(c, ${roOk})`,
                messageExpression:
                    "variables.label + ' containers [' + " +
                    failingNames("variables.containers", roOk) +
                    " + '] do not set securityContext.readOnlyRootFilesystem: true.'",
            },
        ],
    },
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        const out = [];
        for (const { path, container } of containersOf(pod)) {
            const ro = known(() => container.securityContext?.readOnlyRootFilesystem as unknown, true);
            if (ro !== true)
                out.push({
                    message: `${label(pod)} ${path} does not set securityContext.readOnlyRootFilesystem: true.`,
                });
        }
        return out;
    },
};
