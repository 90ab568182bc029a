/**
 * One registry of platform namespaces (lib/platformNamespaces.ts), read by the components that create them and by the
 * policy pack whose defaults protect them: a namespace SecurityPlatform creates is one the pack's
 * admission-webhook-fail-closed-scope protects by default, and nothing else is.
 */
import { platformNamespaceSpecs } from "../../components/namespace/platformNamespaces";
import { defaultPlatformNamespaces } from "../../policy-pack/namespaces/admission-webhook-fail-closed-scope";

test("the pack's default platform namespaces are exactly those SecurityPlatform creates with every add-on on", () => {
    const created = platformNamespaceSpecs({
        vault: true,
        harbor: true,
        falco: true,
        monitoring: true,
        trivy: true,
        kubeBench: true,
        kubeHunter: true,
        vaultClients: [],
    }).map((s) => s.name);
    expect([...defaultPlatformNamespaces].sort()).toEqual([...created].sort());
    expect(created).toHaveLength(8);
});
