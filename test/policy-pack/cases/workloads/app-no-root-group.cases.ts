import {
    Obj,
    appNamespace,
    container,
    deployment,
    ephemeral,
    namespace,
    podSpec,
} from "../../coverage-helpers";
import { FailCase, PolicyCases } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";

const stack = (spec: Obj, ns = "shop") => [appNamespace("shop"), namespace("tools"), deployment(spec, ns)];
const fsGroup0 = () => podSpec({ securityContext: { runAsNonRoot: true, fsGroup: 0 } });

const containerLevel: FailCase[] = ["containers", "initContainers", "ephemeralContainers"].map((list) => {
    const c = (list === "ephemeralContainers" ? ephemeral : container)({
        name: "x",
        securityContext: { runAsNonRoot: true, runAsGroup: 0 },
    });
    const spec = podSpec();
    spec[list] = [...(spec[list] ?? []), c];
    return {
        name: `container level: runAsGroup 0 in ${list}`,
        resources: stack(spec),
        messages: [
            `Deployment "web" in app-tier namespace "shop" runs with the root group: ${list}[${list === "containers" ? 1 : 0}] "x" securityContext.runAsGroup=0.`,
        ],
    };
});

export const cases: PolicyCases = {
    policy: "app-no-root-group",
    pass: [
        hardenedDeployment(),
        { name: "a hardened pod", resources: stack(podSpec()) },
        {
            name: "non-zero groups",
            resources: stack(
                podSpec({
                    securityContext: {
                        runAsNonRoot: true,
                        runAsGroup: 65532,
                        fsGroup: 65532,
                        supplementalGroups: [1000],
                    },
                }),
            ),
        },
        {
            name: "outside app-tier namespaces it does not apply (restricted PSS admits GID 0)",
            resources: stack(fsGroup0(), "tools"),
        },
        { name: "a namespace outside the stack", resources: stack(fsGroup0(), "not-in-stack") },
    ],
    fail: [
        {
            name: "pod level: runAsGroup 0, fsGroup 0, supplementalGroups containing 0",
            resources: stack(
                podSpec({
                    securityContext: {
                        runAsNonRoot: true,
                        runAsGroup: 0,
                        fsGroup: 0,
                        supplementalGroups: [1000, 0],
                    },
                }),
            ),
            messages: [
                'Deployment "web" in app-tier namespace "shop" runs with the root group: spec.securityContext.runAsGroup=0, spec.securityContext.fsGroup=0, spec.securityContext.supplementalGroups contains 0.',
            ],
        },
        ...containerLevel,
    ],
};
