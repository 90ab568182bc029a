/**
 * Issue 16, exposure: what does not fit the per-policy tables (cases/exposure/): an Ingress host unknown during
 * preview, and the ExternalName classifier on its own.
 */
import { forbiddenExternalName } from "../../policy-pack/exposure/service-externalname-restricted";
import { messages, preview, unknownString } from "./coverage-helpers";
import { ingress, rule } from "./cases/fixtures/exposure";

describe("ingress-host-restricted", () => {
    test("a host unknown during preview is not a finding; the other rules are still checked", () => {
        const i = ingress({ rules: [rule(unknownString as string), rule()] });
        i.props = preview(i.props);
        expect(messages("ingress-host-restricted", i)).toEqual([
            'Ingress "web" rules[1] has no host, so it serves every host name.',
        ]);
    });
});

describe("service-externalname-restricted", () => {
    test("external DNS names are not refused", () => {
        for (const n of [
            "db.example.com",
            "my-db.abc.eu-west-1.rds.amazonaws.com",
            "kubernetes-dashboard.example.com",
        ])
            expect({ n, why: forbiddenExternalName(n) }).toEqual({ n, why: undefined });
    });
});
