import { Case, FailCase, PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, groups, labelled, withSc, workload } from "../fixtures/pss";

const privileged = () => withSc(goodSpec(), { privileged: true });
const noNamespace = workload("Pod", "p", undefined, privileged());

/** Every pod-bearing kind (the former "coverage of kinds" test). */
const kindsPass: Case[] = Object.keys(groups).map((kind) => ({
    name: `a compliant ${kind}`,
    resources: [labelled("apps", "baseline"), workload(kind, "w", "apps", goodSpec())],
}));
const kindsFail: FailCase[] = Object.keys(groups).map((kind) => ({
    name: `a privileged ${kind}`,
    resources: [labelled("apps", "baseline"), workload(kind, "w", "apps", privileged())],
    message: `${kind} "w" in namespace "apps" violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)`,
    count: 1,
}));

export const cases: PolicyCases = {
    policy: "pss-privileged",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        ...kindsPass,
        {
            name: "a pod without a namespace is in default, here privileged",
            resources: [labelled("default", "privileged"), noNamespace],
        },
    ],
    fail: [
        failsAt(
            "baseline",
            "privileged: true",
            privileged(),
            'privileged (container "app" must not set securityContext.privileged=true)',
        ),
        ...kindsFail,
        {
            name: "a pod without a namespace is in default (defaultLevel restricted)",
            resources: [noNamespace],
            message: "privileged",
            count: 1,
        },
        {
            name: "a pod without a namespace is not in another privileged namespace",
            resources: [labelled("other", "privileged"), noNamespace],
            message: "privileged",
            count: 1,
        },
    ],
};
