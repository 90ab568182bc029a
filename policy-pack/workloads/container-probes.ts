/**
 * Readiness and liveness probes keep broken replicas out of service and restart hung ones. Advisory: a missing
 * probe is an availability risk, not a breach. Run-to-completion kinds (Job, CronJob, bare pods that do not
 * restart) are skipped.
 */
import { ResourcePolicy } from "../lib/types";
import { known, knownField } from "../../lib/unknowns";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { failingNames } from "../lib/admission";

const probesOk =
    "has(c.readinessProbe) && c.readinessProbe != null && has(c.livenessProbe) && c.livenessProbe != null";

const probes = ["readinessProbe", "livenessProbe"];

export const containerProbes: ResourcePolicy = {
    kind: "resource",
    name: "container-probes",
    since: "0.1.0",
    description: "Long-running containers define a readinessProbe and a livenessProbe.",
    enforcementLevel: "advisory",
    severity: "low",
    remediation:
        "Add readinessProbe and livenessProbe (httpGet, tcpSocket, grpc or exec) to every container.",
    frameworks: { nsa: "Monitor and maintain workload health", brief: ["C3", "Q6"] },
    types: POD_TYPES.filter((t) => !/:(Job|CronJob|PodTemplate)$/.test(t)),
    admission: {
        match: [
            { apiGroups: [""], apiVersions: ["v1"], resources: ["pods", "replicationcontrollers"] },
            {
                apiGroups: ["apps"],
                apiVersions: ["v1"],
                resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
            },
        ],
        usesPodVariables: true,
        validations: [
            {
                expression:
                    "(object.kind == 'Pod' && has(variables.podSpec.restartPolicy) && " +
                    "variables.podSpec.restartPolicy in ['Never', 'OnFailure']) || " +
                    `variables.mainContainers.all(c, ${probesOk})`,
                messageExpression:
                    "variables.label + ' containers [' + " +
                    failingNames("variables.mainContainers", probesOk) +
                    " + '] lack a readinessProbe or a livenessProbe.'",
            },
        ],
    },
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        if (pod.kind === "Pod") {
            const restart = known(() => pod.spec.restartPolicy as string | undefined, undefined);
            if (restart === "Never" || restart === "OnFailure") return [];
        }
        const out = [];
        for (const { path, container } of containersOf(pod, ["containers"])) {
            const missing = probes.filter((p) => !knownField(container, p, true));
            if (missing.length)
                out.push({ message: `${label(pod)} ${path} has no ${missing.join(" and ")}.` });
        }
        return out;
    },
};
