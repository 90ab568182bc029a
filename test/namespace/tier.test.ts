/**
 * The namespace tier label: SecureNamespace marks namespaces `blueprint.io/tier: app` unless told "platform";
 * the platform's add-on namespaces are "platform", the Vault-client app namespaces stay "app". The policy pack
 * reads this label to apply the app-tier image rules (Harbor only, digest-pinned).
 */
import { ConfigError } from "../../components/lib/errors";
import { platformNamespaceSpecs } from "../../components/namespace/platformNamespaces";
import {
    namespaceDefaults,
    namespaceManifests,
    tierLabel,
    validateNamespaceArgs,
} from "../../components/namespace/secureNamespace";

const labelsOf = (args: Parameters<typeof namespaceManifests>[0]) =>
    namespaceManifests(args).namespace.metadata.labels;

describe("SecureNamespace tier label", () => {
    test("default tier is app", () => {
        expect(tierLabel).toBe("blueprint.io/tier");
        expect(namespaceDefaults.tier).toBe("app");
        expect(labelsOf({ name: "team-a" })[tierLabel]).toBe("app");
    });
    test("tier platform is recorded", () => {
        expect(labelsOf({ name: "vault", tier: "platform" })[tierLabel]).toBe("platform");
    });
    test("user labels cannot change the tier (an app team cannot relabel itself platform)", () => {
        expect(labelsOf({ name: "team-a", labels: { [tierLabel]: "platform", team: "a" } })[tierLabel]).toBe(
            "app",
        );
        expect(labelsOf({ name: "vault", tier: "platform", labels: { [tierLabel]: "app" } })[tierLabel]).toBe(
            "platform",
        );
    });
    test("an unknown tier is refused before anything registers", () => {
        const args = { name: "team-a", tier: "system" as never };
        expect(() => namespaceManifests(args)).toThrow(ConfigError);
        expect(validateNamespaceArgs(args)).toEqual([
            'SecureNamespace team-a: tier "system" is not accepted; use one of: app, platform',
        ]);
    });
});

describe("platformNamespaceSpecs tiers", () => {
    const all = platformNamespaceSpecs({
        vault: true,
        harbor: true,
        falco: true,
        monitoring: true,
        trivy: true,
        kubeBench: true,
        kubeHunter: true,
        vaultClients: ["example", "team-b"],
    });
    const tierOf = (name: string) => labelsOf(all.find((s) => s.name === name)!)[tierLabel];

    test("every add-on namespace is platform", () => {
        const addOns = [
            "vault",
            "harbor",
            "falco",
            "monitoring",
            "node-exporter",
            "trivy-system",
            "kube-bench",
            "kube-hunter",
        ];
        for (const ns of addOns) expect({ ns, tier: tierOf(ns) }).toEqual({ ns, tier: "platform" });
        expect(all.map((s) => s.name).sort()).toEqual([...addOns, "example", "team-b"].sort());
    });
    test("Vault-client app namespaces are app", () => {
        expect(tierOf("example")).toBe("app");
        expect(tierOf("team-b")).toBe("app");
    });
});
