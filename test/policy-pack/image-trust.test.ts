/**
 * Image trust at preview (issue 7): allowed-image-registries chooses its allow-list by the tier of the workload's
 * namespace (app: `appRegistries`, else the stack's Harbor host, else `registries`; everything else:
 * `registries`), app-image-digest-pinned requires sha256 digests in app namespaces, both tolerate values unknown
 * during preview, and the pack reads the Harbor host from the stack config the engine passes (PULUMI_CONFIG).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import * as policyProxyModule from "@pulumi/policy/proxy";
import { namespaceManifests, tierLabel } from "../../components/namespace/secureNamespace";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { readStackConfig } from "../../policy-pack/lib/stack-config";
import { Finding, PolicyConfig, PolicyResource, StackPolicy } from "../../policy-pack/lib/types";
import { allPolicies } from "../../policy-pack/policies";
import {
    allowedImageRegistries,
    appAllowList,
    defaultRegistries,
    makeAllowedImageRegistries,
} from "../../policy-pack/workloads/allowed-image-registries";
import { appImageDigestPinned } from "../../policy-pack/workloads/app-image-digest-pinned";
import { parseImage, registryList, registryMatcher } from "../../policy-pack/workloads/images";
import { mulberry32 } from "../../bench/synthetic";
import { TIER_LABEL } from "../../policy-pack/workloads/tiers";
import { deployment, digest, harborImage, namespace, upstreamImage } from "./cases/fixtures/images";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

/** @pulumi/policy's proxy internals (marked @internal): the preview-time unknown markers. */
const policyProxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
    unknownObjectValue: unknown;
};
const unknownString = policyProxy.unknownStringValue;
const preview = (props: Obj): Obj => policyProxy.unknownCheckingProxy(props) as Obj;

let seq = 0;
function res(type: string, props: Obj, name = `r${++seq}`): PolicyResource {
    return { type, name, urn: `urn:pulumi:test::bp::${type}::${name}`, props };
}
const harborEnv = {
    PULUMI_CONFIG: JSON.stringify({
        "hardened-cluster:harbor.enabled": "true",
        "hardened-cluster:harbor.host": "harbor.example.com",
    }),
};
const withHarbor = makeAllowedImageRegistries(readStackConfig(harborEnv));
const withoutHarbor = makeAllowedImageRegistries(readStackConfig({}));
const check = (p: StackPolicy, resources: PolicyResource[], config: PolicyConfig = {}): Finding[] =>
    p.check(resources, config);

describe("stack config read by the pack", () => {
    test("the Harbor host is read only when harbor.enabled is true and the host is a DNS name", () => {
        expect(readStackConfig(harborEnv)).toEqual({ harborHost: "harbor.example.com" });
        const env = (c: Obj) => ({ PULUMI_CONFIG: JSON.stringify(c) });
        expect(
            readStackConfig(
                env({
                    "hardened-cluster:harbor.enabled": "false",
                    "hardened-cluster:harbor.host": "harbor.example.com",
                }),
            ),
        ).toEqual({});
        expect(readStackConfig(env({ "hardened-cluster:harbor.host": "harbor.example.com" }))).toEqual({});
        expect(
            readStackConfig(
                env({ "hardened-cluster:harbor.enabled": "true", "hardened-cluster:harbor.host": "" }),
            ),
        ).toEqual({});
        expect(
            readStackConfig(
                env({
                    "hardened-cluster:harbor.enabled": "true",
                    "hardened-cluster:harbor.host": "https://h/x y",
                }),
            ),
        ).toEqual({});
        expect(
            readStackConfig(
                env({ "other:harbor.enabled": "true", "other:harbor.host": "harbor.example.com" }),
            ),
        ).toEqual({});
        expect(
            readStackConfig(
                env({
                    "hardened-cluster:harbor.enabled": "true",
                    "hardened-cluster:harbor.host": "Registry.Corp:8443",
                }),
            ),
        ).toEqual({ harborHost: "registry.corp:8443" });
        expect(readStackConfig({ PULUMI_CONFIG: "{not json" })).toEqual({});
        expect(readStackConfig({ PULUMI_CONFIG: "[1]" })).toEqual({});
        expect(readStackConfig({})).toEqual({});
    });

    test("app allow-list precedence: appRegistries, then harbor.host, then registries", () => {
        expect(appAllowList({ appRegistries: ["ecr.example.com"] }, { harborHost: "h.example.com" })).toEqual(
            { entries: ["ecr.example.com"], source: "appRegistries" },
        );
        expect(appAllowList({ appRegistries: [] }, { harborHost: "h.example.com" })).toEqual({
            entries: ["h.example.com"],
            source: "harbor.host",
        });
        expect(appAllowList({ registries: ["r.example.com"] }, {})).toEqual({
            entries: ["r.example.com"],
            source: "registries",
        });
        expect(appAllowList({}, {})).toEqual({ entries: defaultRegistries, source: "registries" });
    });

    test("compiled allow-lists are cached per distinct list", () => {
        expect(registryList(["harbor.example.com", "registry.k8s.io"])).toBe(
            registryList(["harbor.example.com", "registry.k8s.io"]),
        );
        expect(registryList(["harbor.example.com"])).not.toBe(registryList(["registry.k8s.io"]));
        expect(registryList(["harbor.example.com"])(parseImage(harborImage)!)).toBe(true);
        expect(registryList(["harbor.example.com"])(parseImage(upstreamImage)!)).toBe(false);
    });
});

describe("a compiled allow-list (one expression) answers as its entries' matchers one by one", () => {
    const entryPool = ["registry.k8s.io", "docker.io/aquasec", "docker.io/aqua", "aquasec", "library", "*.dkr.ecr.*.amazonaws.com", "harbor.example.com:443", "Harbor.Example.com/", "localhost:5000/team", "quay.io/prometheus", "public.ecr.aws/eks", "public.ecr.aws", "ghcr.io/*/tools", "index.docker.io/grafana", "a.b"]; // prettier-ignore
    const imagePool = ["nginx", "nginx:1.25", "aquasec/trivy:0.50", "docker.io/aquasec/kube-bench", "docker.io/aquasecurity/x", "registry.k8s.io/pause:3.9", "123.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:" + "a".repeat(64), "harbor.example.com/proj/app:1", "HARBOR.example.com:443/proj/app", "localhost:5000/team/app", "localhost:5000/teams/app", "quay.io/prometheus-operator/x", "quay.io/prometheus/node-exporter", "public.ecr.aws/eks-distro/x", "ghcr.io/org/tools/y", "ghcr.io/org/toolsx/y", "grafana/grafana", "a.b/c", "a.bc/d"]; // prettier-ignore
    test("on random lists and images", () => {
        const rand = mulberry32(1501);
        for (let i = 0; i < 300; i++) {
            const entries = entryPool.filter(() => rand() < 0.3);
            const list = registryList(entries);
            const matchers = entries.map(registryMatcher);
            for (const image of imagePool) {
                const ref = parseImage(image)!;
                expect([entries, image, list(ref)]).toEqual([entries, image, matchers.some((m) => m(ref))]);
            }
        }
    });
});

describe("allowed-image-registries by namespace tier", () => {
    test("app namespace with Harbor on: only the Harbor host, whatever `registries` says", () => {
        const stack = [namespace("apps", "app")];
        expect(check(withHarbor, [...stack, deployment("apps", [harborImage])])).toEqual([]);
        const f = check(withHarbor, [...stack, deployment("apps", [upstreamImage])]);
        expect(f).toHaveLength(1);
        expect(f[0].message).toMatch(
            /app-tier namespace "apps" accepts \[harbor\.example\.com\] \(from harbor\.host\)/,
        );
        // A look-alike host does not pass.
        expect(
            check(withHarbor, [...stack, deployment("apps", [`harbor.example.com.evil.io/x:1${digest}`])]),
        ).toHaveLength(1);
        // Init containers are checked too.
        expect(
            check(withHarbor, [
                ...stack,
                deployment("apps", [harborImage], ["docker.io/library/busybox:1"]),
            ])[0].message,
        ).toMatch(/initContainers\[0\]/);
    });

    test("appRegistries, when set, wins over the Harbor host", () => {
        const stack = [namespace("apps", "app")];
        const cfg = { appRegistries: ["*.dkr.ecr.*.amazonaws.com"] };
        expect(
            check(
                withHarbor,
                [...stack, deployment("apps", ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1"])],
                cfg,
            ),
        ).toEqual([]);
        expect(check(withHarbor, [...stack, deployment("apps", [harborImage])], cfg)[0].message).toMatch(
            /\(from appRegistries\)/,
        );
    });

    test("app namespace without Harbor and without appRegistries: falls back to `registries`", () => {
        const stack = [namespace("apps", "app")];
        expect(check(withoutHarbor, [...stack, deployment("apps", [upstreamImage])])).toEqual([]);
        expect(check(withoutHarbor, [...stack, deployment("apps", [harborImage])])[0].message).toMatch(
            /\(from registries\)/,
        );
        expect(
            check(withoutHarbor, [...stack, deployment("apps", [harborImage])], {
                registries: ["harbor.example.com"],
            }),
        ).toEqual([]);
    });

    test("platform namespaces, untiered namespaces and namespaces outside the stack use `registries`", () => {
        for (const stack of [[namespace("vault", "platform")], [namespace("vault")], []]) {
            expect(check(withHarbor, [...stack, deployment("vault", [upstreamImage])])).toEqual([]);
            expect(check(withHarbor, [...stack, deployment("vault", [harborImage])])[0].message).toMatch(
                /not in the approved registries \[registry\.k8s\.io/,
            );
        }
        // A pod without metadata.namespace runs in `default`, which is not app-tier here.
        expect(check(withHarbor, [namespace("apps", "app"), deployment(undefined, [upstreamImage])])).toEqual(
            [],
        );
    });

    test("a NamespacePatch that sets tier=app makes the namespace app-tier", () => {
        const patch = res("kubernetes:core/v1:NamespacePatch", {
            metadata: { name: "legacy", labels: { [TIER_LABEL]: "app" } },
        });
        expect(check(withHarbor, [patch, deployment("legacy", [upstreamImage])])).toHaveLength(1);
    });

    test("preview unknowns: unknown namespace -> `registries`; unknown labels -> either list; unknown image -> skipped", () => {
        const unknownNs = res(
            "kubernetes:apps/v1:Deployment",
            preview({
                metadata: { name: "web", namespace: unknownString },
                spec: { template: { spec: { containers: [{ name: "c", image: upstreamImage }] } } },
            }),
        );
        expect(check(withHarbor, [namespace("apps", "app"), unknownNs])).toEqual([]);
        const unknownNsForeign = res(
            "kubernetes:apps/v1:Deployment",
            preview({
                metadata: { name: "web", namespace: unknownString },
                spec: { template: { spec: { containers: [{ name: "c", image: "evil.io/x:1" }] } } },
            }),
        );
        expect(check(withHarbor, [unknownNsForeign])).toHaveLength(1);

        const unknownLabels = res(
            "kubernetes:core/v1:Namespace",
            preview({ metadata: { name: "apps", labels: policyProxy.unknownObjectValue } }),
        );
        expect(check(withHarbor, [unknownLabels, deployment("apps", [upstreamImage])])).toEqual([]);
        expect(check(withHarbor, [unknownLabels, deployment("apps", [harborImage])])).toEqual([]);
        expect(check(withHarbor, [unknownLabels, deployment("apps", ["evil.io/x:1"])])).toHaveLength(1);

        const unknownImage = res(
            "kubernetes:apps/v1:Deployment",
            preview({
                metadata: { name: "web", namespace: "apps" },
                spec: { template: { spec: { containers: [{ name: "c", image: unknownString }] } } },
            }),
        );
        expect(check(withHarbor, [namespace("apps", "app"), unknownImage])).toEqual([]);
    });

    test("missing and malformed images are reported; findings blame the workload", () => {
        const d = deployment("apps", [""]);
        expect(check(withHarbor, [namespace("apps", "app"), d])).toEqual([
            { message: expect.stringMatching(/has no image/), urn: d.urn },
        ]);
        expect(check(withHarbor, [deployment("apps", ["bad image"])])[0].message).toMatch(/malformed/);
    });

    test("the pack's own instance is a mandatory stack policy with the fixed name and property", () => {
        expect(allowedImageRegistries.kind).toBe("stack");
        expect(allowedImageRegistries.name).toBe("allowed-image-registries");
        expect(allowedImageRegistries.enforcementLevel).toBe("mandatory");
        expect(Object.keys(allowedImageRegistries.configSchema ?? {})).toEqual([
            "registries",
            "appRegistries",
        ]);
        expect(allowedImageRegistries.configSchema?.appRegistries.default).toEqual([]);
    });
});

describe("app-image-digest-pinned", () => {
    const app = namespace("apps", "app");

    // The pass and fail cases: cases/workloads/app-image-digest-pinned.cases.ts.
    test("image-digest-pinned is the advisory fallback outside app namespaces; app-image-digest-pinned is mandatory", () => {
        const advisory = allPolicies.find((p) => p.name === "image-digest-pinned")!;
        expect(advisory.enforcementLevel).toBe("advisory");
        expect(appImageDigestPinned.enforcementLevel).toBe("mandatory");
    });

    test("preview unknowns never cause a finding", () => {
        const unknownNs = res(
            "kubernetes:apps/v1:Deployment",
            preview({
                metadata: { name: "web", namespace: unknownString },
                spec: { template: { spec: { containers: [{ name: "c", image: "x.io/a:1" }] } } },
            }),
        );
        const unknownImage = res(
            "kubernetes:apps/v1:Deployment",
            preview({
                metadata: { name: "web", namespace: "apps" },
                spec: { template: { spec: { containers: [{ name: "c", image: unknownString }] } } },
            }),
        );
        const unknownLabels = res(
            "kubernetes:core/v1:Namespace",
            preview({ metadata: { name: "apps", labels: policyProxy.unknownObjectValue } }),
        );
        expect(check(appImageDigestPinned, [app, unknownNs, unknownImage])).toEqual([]);
        expect(check(appImageDigestPinned, [unknownLabels, deployment("apps", ["x.io/a:1"])])).toEqual([]);
    });

    test("metadata: frameworks of the brief and NSA/CISA", () => {
        expect(appImageDigestPinned.frameworks).toEqual({
            nsa: "Use trusted, signed, digest-pinned images",
            brief: ["F1", "C6", "C7", "Q2"],
        });
        expect(allPolicies.filter((p) => p.name === "app-image-digest-pinned")).toHaveLength(1);
    });
});

describe("SecureNamespace and the policies agree on the tier label", () => {
    const asResource = (m: ReturnType<typeof namespaceManifests>) =>
        res("kubernetes:core/v1:Namespace", m.namespace);

    test("a default SecureNamespace is app-tier to the policies; a platform one is not", () => {
        expect(tierLabel).toBe(TIER_LABEL);
        const app = asResource(namespaceManifests({ name: "team-a" }));
        const platform = asResource(namespaceManifests({ name: "monitoring", tier: "platform" }));
        const unpinned = "registry.k8s.io/pause:3.10";
        expect(check(appImageDigestPinned, [app, deployment("team-a", [unpinned])])).toHaveLength(1);
        expect(check(appImageDigestPinned, [platform, deployment("monitoring", [unpinned])])).toEqual([]);
        expect(check(withHarbor, [app, deployment("team-a", [upstreamImage])])).toHaveLength(1);
        expect(check(withHarbor, [platform, deployment("monitoring", [upstreamImage])])).toEqual([]);
    });
});

describe("through the CrossGuard adapter", () => {
    type Report = (message: string, urn?: string) => void;
    function validate(
        name: string,
        resources: PolicyResource[],
        config: PolicyConfig,
    ): Array<[string, string | undefined]> {
        const p = toCrossGuard(allPolicies.find((x) => x.name === name)!) as StackValidationPolicy;
        const out: Array<[string, string | undefined]> = [];
        const report: Report = (m, urn) => out.push([m, urn]);
        try {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a minimal StackValidationArgs
            (p.validateStack as any)({ resources, getConfig: () => config }, report);
        } catch (e) {
            // What could not be verified ends the policy with an UnknownValueError, which @pulumi/policy's server
            // reports as an advisory diagnostic of the policy.
            if ((e as Error).constructor.name !== "UnknownValueError") throw e;
            out.push([`advisory: ${(e as Error).message}`, undefined]);
        }
        return out;
    }

    test("both policies run as stack policies with config, exemptions and preview unknowns", () => {
        const app = namespace("apps", "app");
        const pinnedForeign = deployment("apps", [`evil.io/x:1${digest}`]);
        const unpinned = deployment("apps", ["harbor.example.com/apps/web:1.0"]);
        const unknownNs = res(
            "kubernetes:apps/v1:Deployment",
            preview({
                metadata: { name: "u", namespace: unknownString },
                spec: { template: { spec: { containers: [{ name: "c", image: upstreamImage }] } } },
            }),
        );
        const stack = [app, pinnedForeign, unpinned, unknownNs];
        const cfg = { appRegistries: ["harbor.example.com"], registries: ["registry.k8s.io"] };
        const unknownNsAdvisory = [
            expect.stringMatching(/^advisory: .*Deployment "u" \.metadata\.namespace/),
            undefined,
        ];
        expect(validate("allowed-image-registries", stack, cfg)).toEqual([
            [expect.stringMatching(/evil\.io.*\(from appRegistries\)/), pinnedForeign.urn],
            unknownNsAdvisory,
        ]);
        expect(validate("app-image-digest-pinned", stack, {})).toEqual([
            [expect.stringMatching(/not pinned/), unpinned.urn],
            unknownNsAdvisory,
        ]);
        const exempt = {
            exemptions: [
                { namespace: "apps", name: "web", kind: "Deployment", reason: "migration in progress" },
            ],
        };
        expect(validate("app-image-digest-pinned", stack, exempt)).toEqual([unknownNsAdvisory]);
        expect(validate("allowed-image-registries", stack, { ...cfg, ...exempt })).toEqual([
            unknownNsAdvisory,
        ]);
    });
});
