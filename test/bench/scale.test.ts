/** The scale benchmark's generator: deterministic, 20 restricted namespaces with default-deny, hardened Deployments. */
import { scaleNamespaces, scaleObjects, treeRssKb } from "../../bench/scale";

describe("scale objects", () => {
    test("exactly N objects: 20 restricted namespaces, a default-deny each, the rest Deployments", () => {
        const files = scaleObjects(1000);
        const all = files.flatMap((f) => f.objects);
        expect(files).toHaveLength(scaleNamespaces);
        expect(all).toHaveLength(1000);
        const kinds = all.reduce<Record<string, number>>(
            (m, o) => ({ ...m, [o.kind as string]: (m[o.kind as string] ?? 0) + 1 }),
            {},
        );
        expect(kinds).toEqual({ Namespace: 20, NetworkPolicy: 20, Deployment: 960 });
        for (const f of files) {
            const [ns, np] = f.objects as Array<{
                metadata: { name: string; labels?: Record<string, string> };
                spec?: unknown;
            }>;
            expect(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
            expect(np.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        }
    });

    test("deterministic, with unique names and digest-pinned images", () => {
        expect(JSON.stringify(scaleObjects(500))).toBe(JSON.stringify(scaleObjects(500)));
        const deps = scaleObjects(10000).flatMap((f) => f.objects.filter((o) => o.kind === "Deployment"));
        const names = new Set(deps.map((d) => (d.metadata as { name: string }).name));
        expect(names.size).toBe(deps.length);
        const image = JSON.stringify(deps[7]).match(/"image":"([^"]+)"/)![1];
        expect(image).toMatch(/^registry\.k8s\.io\/scale-bench\/svc-\d{5}@sha256:[0-9a-f]{64}$/);
    });

    test("too few objects for the namespaces is refused", () => {
        expect(() => scaleObjects(40)).toThrow(/more than 40/);
    });

    test("RSS of this process tree is read from /proc", () => {
        expect(treeRssKb(process.pid)).toBeGreaterThan(10_000);
        expect(treeRssKb(2 ** 22 + 12345)).toBe(0);
    });
});
