import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt, withSc } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-seccomp",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        { name: "a compliant pod at baseline", resources: podAt("baseline", undefined, goodSpec()) },
    ],
    fail: [
        failsAt(
            "baseline",
            "container seccompProfile Unconfined",
            withSc(goodSpec(), { seccompProfile: { type: "Unconfined" } }),
            'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
        ),
        failsAt(
            "restricted",
            "no seccompProfile",
            { ...goodSpec(), securityContext: { runAsNonRoot: true } },
            'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        ),
        {
            name: "before v1.19 baseline reads the alpha annotations",
            resources: podAt("baseline", "v1.18", goodSpec(), {
                annotations: { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" },
            }),
            message: 'annotation "seccomp.security.alpha.kubernetes.io/pod"="unconfined"',
            count: 1,
        },
        {
            name: "Unconfined is reported once at restricted (the restricted variant overrides the baseline one)",
            resources: podAt(
                "restricted",
                undefined,
                withSc(goodSpec(), { seccompProfile: { type: "Unconfined" } }),
            ),
            message: "Unconfined",
            count: 1,
        },
    ],
};
