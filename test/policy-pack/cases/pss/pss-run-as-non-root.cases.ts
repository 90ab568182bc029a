import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, labelled, namespace, workload } from "../fixtures/pss";

const rootish = () => ({ ...goodSpec(), securityContext: { seccompProfile: { type: "RuntimeDefault" } } });
const elsewhere = workload("Pod", "p", "elsewhere", rootish());

export const cases: PolicyCases = {
    policy: "pss-run-as-non-root",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        {
            name: "the enforce label of the pod's Namespace in the stack (baseline)",
            resources: [labelled("apps", "baseline"), workload("Pod", "p", "apps", rootish())],
        },
        {
            name: "defaultLevel baseline when the Namespace is not in the stack",
            resources: [elsewhere],
            config: { defaultLevel: "baseline" },
        },
        {
            name: "defaultLevel baseline when the Namespace is not labelled",
            resources: [namespace("elsewhere"), elsewhere],
            config: { defaultLevel: "baseline" },
        },
    ],
    fail: [
        failsAt(
            "restricted",
            "runAsNonRoot unset",
            { ...goodSpec(), securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
            'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
        ),
        {
            name: "the enforce label of the pod's Namespace in the stack (restricted)",
            resources: [labelled("apps", "restricted"), workload("Pod", "p", "apps", rootish())],
            message: "runAsNonRoot",
            count: 1,
        },
        {
            name: "defaultLevel (default restricted) when the Namespace is not in the stack",
            resources: [elsewhere],
            message:
                'violates PodSecurity "restricted:latest" (namespace not labelled in this stack: policy defaultLevel)',
        },
        {
            name: "defaultLevel restricted when the Namespace is not labelled",
            resources: [namespace("elsewhere"), elsewhere],
            config: { defaultLevel: "restricted" },
            message: "runAsNonRoot",
            count: 1,
        },
    ],
};
