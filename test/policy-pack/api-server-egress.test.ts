/**
 * namespace-api-server-egress (issue 13, item 1): what does not fit its table
 * (cases/namespaces/namespace-api-server-egress.cases.ts): preview-time unknowns, and its metadata.
 */
import * as policyProxyModule from "@pulumi/policy/proxy";
import { namespaceApiServerEgress as policy } from "../../policy-pack/namespaces/namespace-api-server-egress";
import { Obj, res } from "./cases/case";
import { binding, denyAll, operator } from "./cases/fixtures/api-egress";

const proxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
};

describe("namespace-api-server-egress", () => {
    test("an unknown NetworkPolicy never hides the rest of the stack: its namespace is undecided, others still checked", () => {
        const unknownNp = res(
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            proxy.unknownCheckingProxy({
                metadata: { name: "x", namespace: "ops" },
                spec: { podSelector: {}, policyTypes: ["Egress"], egress: proxy.unknownStringValue },
            }) as Obj,
        );
        const f = policy.check(
            [
                denyAll("ops"),
                unknownNp,
                operator("ops"),
                binding("ops"),
                denyAll("b"),
                operator("b"),
                binding("b"),
            ],
            {},
        );
        expect(f.filter((x) => !x.undecided).map((x) => x.message)).toEqual([
            expect.stringContaining('default-deny namespace "b"'),
        ]);
        expect(f.filter((x) => x.undecided).map((x) => x.message)).toEqual([
            expect.stringContaining('A NetworkPolicy in "ops" is unknown until apply'),
        ]);
    });
    test("metadata: advisory, with remediation and brief references", () => {
        expect(policy.enforcementLevel).toBe("advisory");
        expect(policy.remediation).toMatch(/ClusterIP/);
        expect(policy.frameworks.brief).toEqual(expect.arrayContaining(["F4"]));
    });
});
