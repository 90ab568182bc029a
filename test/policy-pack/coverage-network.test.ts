/**
 * Issue 16, network: what does not fit the per-policy tables (cases/namespaces/network-*.cases.ts): a value unknown
 * during preview makes a namespace "not analyzed".
 */
import { messages, preview, unknownString } from "./coverage-helpers";
import { np, web } from "./cases/fixtures/network";

describe("network-workload-no-ingress (advisory)", () => {
    test("a value unknown during preview makes the namespace 'not analyzed', never silently clean", () => {
        const p = np("default-deny", {
            podSelector: { matchLabels: { app: unknownString } },
            policyTypes: ["Ingress"],
        });
        p.props = preview(p.props);
        expect(messages("network-workload-no-ingress", [p, web()])).toEqual([
            'Namespace "apps": NetworkPolicy coverage not analyzed, a NetworkPolicy or workload holds a value unknown until apply.',
        ]);
    });
});
