/**
 * The pipelined analyzer calls: the same requests the engine sends (one Analyze per custom resource, one
 * AnalyzeStack with every resource), bounded parallelism as a sliding window, and an AnalyzeStack request whose
 * bytes are exactly those of the message built the usual way.
 */
import { Diagnostic, encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { captureManifests } from "../../guard/manifests";
import { AnalyzerCalls, analyzeAll } from "../../guard/pipeline";
import { StackRequest } from "../../guard/stack-request";
import { GuardResource } from "../../guard/model";
import { bytesDiff } from "../lib/bytes";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");

const fixtures = path.resolve(__dirname, "../fixtures/manifests");

function resources(): GuardResource[] {
    return captureManifests([fixtures], "manifests", "dev");
}

/** AnalyzeStack request built as one message tree, the way the guard did before the pipeline. */
function stackRequestTheOldWay(rs: GuardResource[], byUrn: Map<string, GuardResource>): Uint8Array {
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(
        rs.map((r) =>
            analyzerproto.AnalyzerResource.deserializeBinary(PolicyPackProcess.stackResource(r, byUrn)),
        ),
    );
    return req.serializeBinary();
}

class FakePack implements AnalyzerCalls {
    inFlight = 0;
    maxInFlight = 0;
    analyzed: string[] = [];
    props: any[] = [];
    stack?: Uint8Array;
    constructor(private readonly delay: (urn: string) => number) {}
    async analyze(r: GuardResource, _byUrn: Map<string, GuardResource>, props?: any): Promise<Diagnostic[]> {
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        this.analyzed.push(r.urn);
        this.props.push(props);
        await new Promise((res) => setTimeout(res, this.delay(r.urn)));
        this.inFlight--;
        return [{ policyPack: "p", policy: "x", level: "advisory", urn: r.urn, message: r.name }];
    }
    async analyzeStackEncoded(request: StackRequest): Promise<Diagnostic[]> {
        this.stack = request.take();
        return [{ policyPack: "p", policy: "stack", level: "mandatory", urn: "", message: "s" }];
    }
}

describe("analyzeAll", () => {
    test("one Analyze per custom resource with its inputs, then AnalyzeStack over all, diagnostics in order", async () => {
        const rs = resources();
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        const pack = new FakePack(() => 1);
        const diags = await analyzeAll(pack, rs, byUrn, 4);
        const custom = rs.filter((r) => r.custom);
        expect(pack.analyzed).toEqual(custom.map((r) => r.urn));
        pack.props.forEach((p, i) =>
            expect(structproto.Struct.deserializeBinary(p).toJavaScript()).toEqual(custom[i].inputs),
        );
        const root = rs.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
        // The stack policy's diagnostic without a URN is the root stack's, as the real engine reports it.
        expect(diags.map((d) => d.urn)).toEqual([...custom.map((r) => r.urn), root]);
        expect(bytesDiff(pack.stack!, stackRequestTheOldWay(rs, byUrn))).toBeUndefined();
    });

    test("a stack diagnostic naming a resource keeps it; one naming no resource of the stack goes on the root stack", async () => {
        const rs = resources();
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        const root = rs.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
        const some = rs.find((r) => r.custom)!.urn;
        const pack = new FakePack(() => 0);
        pack.analyzeStackEncoded = async () => [
            { policyPack: "p", policy: "a", level: "advisory", urn: some, message: "on a resource" },
            { policyPack: "p", policy: "b", level: "advisory", urn: "urn:pulumi:dev::x::t::gone", message: "elsewhere" }, // prettier-ignore
        ];
        const diags = await analyzeAll(pack, rs, byUrn);
        expect(diags.filter((d) => d.policy !== "x").map((d) => [d.policy, d.urn])).toEqual([["a", some], ["b", root]]); // prettier-ignore
    });

    test("the AnalyzeStack bytes decode to every resource with its outputs, parent and dependencies", async () => {
        const rs = resources();
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        const pack = new FakePack(() => 0);
        await analyzeAll(pack, rs, byUrn);
        const req = analyzerproto.AnalyzeStackRequest.deserializeBinary(pack.stack!);
        const got = req.getResourcesList().map((m: any) => ({
            urn: m.getUrn(),
            type: m.getType(),
            parent: m.getParent(),
            props: m.getProperties()?.toJavaScript() ?? {},
        }));
        expect(got).toEqual(
            rs.map((r) => ({ urn: r.urn, type: r.type, parent: r.parent ?? "", props: r.outputs })),
        );
    });

    test("bounded parallelism as a sliding window: a slow call does not hold back the others", async () => {
        const rs = resources();
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        const custom = rs.filter((r) => r.custom);
        expect(custom.length).toBeGreaterThanOrEqual(4);
        const slow = custom[0].urn;
        // No wall-clock bound (the machine is shared): the slow call is held until every other call has finished.
        // A sliding window gets there; batches of 2 never would, so the fallback timer releases it and says so.
        let release!: (how: string) => void;
        const gate = new Promise<string>((res) => (release = res));
        const fallback = setTimeout(
            () => release("fallback timer: the others waited for the slow call"),
            10_000,
        );
        const pack = new FakePack(() => 0);
        const done: string[] = [];
        const orig = pack.analyze.bind(pack);
        pack.analyze = async (r, b, p) => {
            if (r.urn === slow) {
                pack.inFlight++;
                pack.maxInFlight = Math.max(pack.maxInFlight, pack.inFlight);
                const how = await gate;
                pack.inFlight--;
                done.push(`${r.urn} released by ${how}`);
                return [];
            }
            const d = await orig(r, b, p);
            done.push(r.urn);
            if (done.length === custom.length - 1) release("the others finishing");
            return d;
        };
        await analyzeAll(pack, rs, byUrn, 2);
        clearTimeout(fallback);
        expect(pack.maxInFlight).toBeLessThanOrEqual(2);
        expect(done).toHaveLength(custom.length);
        expect(done[done.length - 1]).toBe(`${slow} released by the others finishing`);
    });

    test("a failing Analyze fails the run (no partial 'clean' result)", async () => {
        const rs = resources();
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        const pack = new FakePack(() => 0);
        pack.analyze = async () => {
            throw new Error("pack crashed");
        };
        await expect(analyzeAll(pack, rs, byUrn, 3)).rejects.toThrow("pack crashed");
        expect(pack.stack).toBeUndefined();
    });

    test("encodeRepeatedField matches protobuf's own encoding for long elements (multi-byte lengths)", () => {
        const r = new analyzerproto.AnalyzerResource();
        r.setUrn("u".repeat(300));
        r.setProperties(structproto.Struct.fromJavaScript({ big: "x".repeat(70000) }));
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList([r, r]);
        expect(
            bytesDiff(
                encodeRepeatedField(1, [r.serializeBinary(), r.serializeBinary()]),
                req.serializeBinary(),
            ),
        ).toBeUndefined();
    });
});
