/**
 * `--manifests` streamed (guard/manifest-stream.ts): a file's objects are analyzed while the next file is read,
 * with exactly the requests and AnalyzeStack bytes of reading everything first (guard/pipeline.ts analyzeAll), and
 * errors as when everything was read first: a capture error is reported rather than a pack error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Diagnostic, PolicyPackProcess } from "../../guard/analyzer";
import { analyzeManifests } from "../../guard/manifest-stream";
import { captureManifests } from "../../guard/manifests";
import { GuardResource } from "../../guard/model";
import { AnalyzerCalls, analyzeAll } from "../../guard/pipeline";
import { StackRequest } from "../../guard/stack-request";
import { bytesDiff, bytesListDiff } from "../lib/bytes";

/** Records every request as the bytes the real client would send. */
class RecordingPack implements AnalyzerCalls {
    requests: Buffer[] = [];
    stack?: Buffer;
    events: string[] = [];
    async analyze(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
        props?: Uint8Array,
    ): Promise<Diagnostic[]> {
        this.requests.push(PolicyPackProcess.analyzeRequest(r, byUrn, props));
        this.events.push(`analyze ${r.name}`);
        await new Promise((res) => setImmediate(res));
        return [{ policyPack: "p", policy: "x", level: "advisory", urn: r.urn, message: r.name }];
    }
    async analyzeStackEncoded(request: StackRequest): Promise<Diagnostic[]> {
        this.stack = request.take();
        return [];
    }
}

function pod(name: string): string {
    return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: &l\n    app: ${name}\nspec:\n  containers:\n    - name: c\n      image: nginx\n---\n`;
}

function dir(files: Record<string, string>): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "guard-stream-"));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(d, f), text);
    return d;
}

const ready = <T>(v: T) => Promise.resolve(v);

describe("analyzeManifests", () => {
    test("the same Analyze requests and AnalyzeStack bytes as reading every file first", async () => {
        const d = dir({
            "a.yaml": Array.from({ length: 40 }, (_, i) => pod(`a${i}`)).join(""),
            "b.yaml": Array.from({ length: 40 }, (_, i) => pod(`b${i}`)).join(""),
            "c.json": JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }),
        });
        const streamed = new RecordingPack();
        const out = await analyzeManifests(
            [d],
            "manifests",
            "dev",
            ready(streamed as unknown as PolicyPackProcess),
            ready("config"),
            0,
        );
        const all = captureManifests([d], "manifests", "dev");
        const byUrn = new Map(all.map((r) => [r.urn, r]));
        const first = new RecordingPack();
        const diags = await analyzeAll(first, all, byUrn);
        expect(out.configured).toBe("config");
        expect(out.resources.map((r) => r.urn)).toEqual(all.map((r) => r.urn));
        expect([...out.byUrn.keys()]).toEqual([...byUrn.keys()]);
        expect(bytesListDiff(streamed.requests, first.requests)).toBeUndefined();
        expect(first.stack?.length).toBeGreaterThan(0);
        expect(bytesDiff(streamed.stack ?? new Uint8Array(0), first.stack!)).toBeUndefined();
        expect(out.diags).toEqual(diags);
        expect(streamed.requests).toHaveLength(82); // the default provider and 81 objects
    });

    test("the first file's objects are analyzed before a later file is read; that file's error is the result", async () => {
        const d = dir({
            "a.yaml": pod("a1") + pod("a2"),
            "b.yaml": "apiVersion: v1\nkind: Pod\nmetadata: [\n",
        });
        const pack = new RecordingPack();
        await expect(
            analyzeManifests(
                [d],
                "manifests",
                "dev",
                ready(pack as unknown as PolicyPackProcess),
                ready(1),
                0,
            ),
        ).rejects.toThrow(/b\.yaml: invalid YAML/);
        expect(pack.events).toEqual(expect.arrayContaining(["analyze a1", "analyze a2"]));
        expect(pack.stack).toBeUndefined();
    });

    test("a capture error wins over a pack that failed to start, and over a failing Analyze", async () => {
        // More objects in a.yaml than calls in flight: the pack fails before b.yaml is read.
        const d = dir({
            "a.yaml": Array.from({ length: 40 }, (_, i) => pod(`a${i}`)).join(""),
            "b.yaml": "kind: Pod\n",
        });
        const failed = Promise.reject(new Error("pack did not start"));
        failed.catch(() => undefined);
        await expect(analyzeManifests([d], "manifests", "dev", failed, failed, 0)).rejects.toThrow(
            /b\.yaml.*no apiVersion|has no apiVersion/,
        );

        const crashing = new RecordingPack();
        crashing.analyze = async () => {
            throw new Error("pack crashed");
        };
        await expect(
            analyzeManifests(
                [d],
                "manifests",
                "dev",
                ready(crashing as unknown as PolicyPackProcess),
                ready(1),
                0,
            ),
        ).rejects.toThrow(/has no apiVersion/);

        // Without a capture error, the pack's error is the result.
        const good = dir({ "a.yaml": pod("a1") });
        await expect(analyzeManifests([good], "manifests", "dev", failed, failed, 0)).rejects.toThrow(
            "pack did not start",
        );
        await expect(
            analyzeManifests(
                [good],
                "manifests",
                "dev",
                ready(crashing as unknown as PolicyPackProcess),
                ready(1),
                0,
            ),
        ).rejects.toThrow("pack crashed");
    });

    test("no objects at all is an error, as before", async () => {
        const d = dir({ "a.yaml": "# nothing\n" });
        await expect(
            analyzeManifests(
                [d],
                "manifests",
                "dev",
                ready(new RecordingPack() as unknown as PolicyPackProcess),
                ready(1),
                0,
            ),
        ).rejects.toThrow(/no Kubernetes objects found/);
    });
});
