import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, labelled, withSc, workload } from "../fixtures/pss";

const annotated = (v: string) => [
    labelled("apps", "baseline"),
    workload("Deployment", "w", "apps", goodSpec(), {
        annotations: { "container.apparmor.security.beta.kubernetes.io/app": v },
    }),
];

export const cases: PolicyCases = {
    policy: "pss-app-armor",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        { name: "the annotation runtime/default", resources: annotated("runtime/default") },
        { name: "the annotation localhost/*", resources: annotated("localhost/k8s-app") },
    ],
    fail: [
        failsAt(
            "baseline",
            "pod appArmorProfile Unconfined",
            {
                ...goodSpec(),
                securityContext: { ...goodSpec().securityContext, appArmorProfile: { type: "Unconfined" } },
            },
            'forbidden AppArmor profile (pod must not set securityContext.appArmorProfile.type to "Unconfined")',
        ),
        failsAt(
            "baseline",
            "container appArmorProfile Unconfined",
            withSc(goodSpec(), { appArmorProfile: { type: "Unconfined" } }),
            'container "app" must not set securityContext.appArmorProfile.type',
        ),
        {
            name: "the annotation unconfined",
            resources: annotated("unconfined"),
            message: "AppArmor",
            count: 1,
        },
    ],
};
