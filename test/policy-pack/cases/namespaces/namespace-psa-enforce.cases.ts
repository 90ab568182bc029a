import { PolicyCases, res } from "../case";
import { enforce, ns } from "../fixtures/catalogue";

const bare = ns("apps");

export const cases: PolicyCases = {
    policy: "namespace-psa-enforce",
    pass: [
        { name: "an enforce label", resources: [ns("apps", enforce("restricted"))] },
        {
            name: "a NamespacePatch may add the label",
            resources: [
                ns("apps"),
                res("kubernetes:core/v1:NamespacePatch", {
                    metadata: { name: "apps", labels: enforce("baseline") },
                }),
            ],
        },
        { name: "system namespaces are skipped", resources: [ns("kube-system")] },
    ],
    fail: [
        { name: "no enforce label", resources: [bare], message: "enforce", count: 1, blame: bare },
        { name: "an invalid level", resources: [ns("apps", enforce("strict"))], message: /strict/ },
        {
            name: "a pinned enforce-version",
            resources: [
                ns("apps", {
                    ...enforce("restricted"),
                    "pod-security.kubernetes.io/enforce-version": "1.30",
                }),
            ],
            message: "1.30",
            count: 1,
        },
    ],
};
