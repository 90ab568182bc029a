/**
 * What the pack (and the guard's gRPC client) let go of, and when (issue 15: peak memory at 10,000 objects):
 * - lib/grpc-release.ts: gRPC's decoder keeps no chunks of a message it has returned; a call keeps no pending copy
 *   of a message it has handed on (a real gRPC server and client);
 * - lib/response-encode.ts: the AnalyzeResponse bytes are the generated serializer's, byte for byte, without
 *   google-protobuf's writer for the whole message;
 * - lib/wire.ts: AnalyzeStack's request is read in place (no copy of it), and lib/fast-server.ts lets go of every
 *   resource's encoded properties once it has decoded them all, before the policies run.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- grpc-js internals, generated protobuf code */
import { mulberry32 } from "../../bench/synthetic";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { GuardResource } from "../../guard/model";
import { attachFast, makeFastAnalyzeStackRpcFun } from "../../policy-pack/lib/fast-server";
import { grpcModule, installGrpcRelease, policyGrpcMain } from "../../policy-pack/lib/grpc-release";
import { encodeAnalyzeResponse } from "../../policy-pack/lib/response-encode";
import { decodeAnalyzeStackRequest, installWireProperties } from "../../policy-pack/lib/wire";
import { k8s } from "./pack-harness";
import { bytesDiff } from "../lib/bytes";

const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

const grpcMain = policyGrpcMain();
const grpc = require(grpcMain);

function frame(msg: Buffer): Buffer {
    const head = Buffer.alloc(5);
    head.writeUInt32BE(msg.length, 1);
    return Buffer.concat([head, msg]);
}

describe("grpc-release", () => {
    beforeAll(() => expect(installGrpcRelease()).toEqual({ decoder: true, pending: true }));

    test("the decoder returns the same messages and keeps no chunk of one it has returned", () => {
        const { StreamDecoder } = grpcModule(grpcMain, "stream-decoder");
        const d = new StreamDecoder(-1);
        const a = frame(Buffer.from("first message ".repeat(50)));
        const b = frame(Buffer.from("second"));
        const c = frame(Buffer.from("third ".repeat(20)));
        expect(d.write(a.subarray(0, 3))).toEqual([]);
        expect(d.write(a.subarray(3, 200))).toEqual([]);
        expect(d.readPartialMessage.length).toBeGreaterThan(0); // a message in progress keeps its chunks
        // The rest of `a`, all of `b`, and the start of `c` in one chunk.
        expect(d.write(Buffer.concat([a.subarray(200), b, c.subarray(0, 30)]))).toEqual([a, b]);
        expect(d.readPartialMessage.reduce((n: number, x: Buffer) => n + x.length, 0)).toBe(25);
        expect(d.write(c.subarray(30))).toEqual([c]);
        expect(d.readPartialMessage).toEqual([]);
    });

    test("a call keeps no pending copy of its request once handed on (real server and client)", async () => {
        const identity = (b: Buffer) => b;
        const def = {
            echo: {
                path: "/test.Memory/Echo",
                requestStream: false,
                responseStream: false,
                requestSerialize: identity,
                requestDeserialize: identity,
                responseSerialize: identity,
                responseDeserialize: identity,
            },
        };
        const { ResolvingCall } = grpcModule(grpcMain, "resolving-call");
        const calls: any[] = [];
        const send = ResolvingCall.prototype.sendMessageOnChild;
        ResolvingCall.prototype.sendMessageOnChild = function (this: any, ...args: unknown[]) {
            calls.push(this);
            return send.apply(this, args);
        };
        const server = new grpc.Server();
        let pendingWhileServing: unknown[] = [];
        server.addService(def, {
            echo: (call: any, cb: any) => {
                pendingWhileServing = calls.map((c) => c.pendingMessage);
                cb(null, Buffer.from(`got ${call.request.length}`));
            },
        });
        const port: number = await new Promise((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: any, p: number) =>
                e ? reject(e) : resolve(p),
            ),
        );
        const Client = grpc.makeGenericClientConstructor(def, "Memory");
        const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            const answer: Buffer = await new Promise((resolve, reject) =>
                client.echo(Buffer.alloc(100_000, 7), (e: any, r: Buffer) => (e ? reject(e) : resolve(r))),
            );
            expect(answer.toString()).toBe("got 100000");
            expect(calls.length).toBe(1);
            expect(pendingWhileServing).toEqual([null]);
        } finally {
            ResolvingCall.prototype.sendMessageOnChild = send;
            client.close();
            server.forceShutdown();
        }
    });
});

describe("encodeAnalyzeResponse", () => {
    const rand = mulberry32(15);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const strings = [
        "",
        "a",
        "é",
        "日本",
        "😀",
        "\ud800",
        "x".repeat(200),
        "line\nbreak",
        "urn:pulumi:dev::p::t::n",
    ];

    function randomResponse(): any {
        const resp = new analyzerproto.AnalyzeResponse();
        const n = Math.floor(rand() * 6);
        for (let i = 0; i < n; i++) {
            const d = new analyzerproto.AnalyzeDiagnostic();
            d.setPolicyname(pick(strings));
            d.setPolicypackname(pick(strings));
            d.setPolicypackversion(pick(strings));
            d.setDescription(pick(strings));
            d.setMessage(pick(strings).repeat(Math.floor(rand() * 40)));
            d.setSeverity(Math.floor(rand() * 5));
            d.setEnforcementlevel(Math.floor(rand() * 4));
            d.setUrn(pick(strings));
            resp.addDiagnostics(d);
        }
        const m = Math.floor(rand() * 3);
        for (let i = 0; i < m; i++) {
            const na = new analyzerproto.PolicyNotApplicable();
            na.setPolicyName(pick(strings));
            if (rand() < 0.5) na.setReason(pick(strings));
            resp.addNotApplicable(na);
        }
        return resp;
    }

    test("byte for byte the generated serializer's output, over seeded random responses", () => {
        const generated = analyzerrpc.AnalyzerService.analyzeStack.responseSerialize;
        const empty = new analyzerproto.AnalyzeResponse();
        expect(bytesDiff(encodeAnalyzeResponse(empty), generated(empty))).toBeUndefined();
        for (let i = 0; i < 200; i++) {
            const resp = randomResponse();
            expect([i, bytesDiff(encodeAnalyzeResponse(resp), resp.serializeBinary())]).toEqual([
                i,
                undefined,
            ]);
        }
        expect(() => encodeAnalyzeResponse({})).toThrow(
            "Expected argument of type pulumirpc.AnalyzeResponse",
        );
    });

    test("the whole message never goes through one google-protobuf writer; the pack's service uses it", () => {
        const writer = jest.spyOn(analyzerproto.AnalyzeResponse, "serializeBinaryToWriter");
        try {
            encodeAnalyzeResponse(randomResponse());
            expect(writer).not.toHaveBeenCalled();
        } finally {
            writer.mockRestore();
        }
        installWireProperties();
        expect(analyzerrpc.AnalyzerService.analyze.responseSerialize).toBe(encodeAnalyzeResponse);
        expect(analyzerrpc.AnalyzerService.analyzeStack.responseSerialize).toBe(encodeAnalyzeResponse);
    });

    test("the generated AnalyzeResponse writes exactly fields 2 and 3, in that order (what the encoder relies on)", () => {
        const src = String(analyzerproto.AnalyzeResponse.serializeBinaryToWriter).replace(/\s+/g, " ");
        const fields = [...src.matchAll(/writer\.write(\w+)\( (\d+),/g)].map((m) => `${m[1]} ${m[2]}`);
        expect(fields).toEqual(["RepeatedMessage 2", "RepeatedMessage 3"]);
    });
});

function manifest(i: number, marker: string): GuardResource {
    return k8s("v1", "ConfigMap", { metadata: { name: `c${i}` }, data: { k: marker } }, `c${i}`);
}

function stackBytes(rs: GuardResource[]): Buffer {
    const byUrn = new Map(rs.map((r) => [r.urn, r]));
    return encodeRepeatedField(
        1,
        rs.map((r) => PolicyPackProcess.stackResource(r, byUrn)),
    );
}

describe("AnalyzeStack's request in the pack", () => {
    test("is read in place: the properties are views into gRPC's buffer, not into a copy of it", () => {
        const bytes = stackBytes([manifest(0, "MARKER-VALUE"), manifest(1, "other")]);
        const req = decodeAnalyzeStackRequest(bytes);
        const at = bytes.indexOf("MARKER-VALUE");
        bytes[at] = "N".charCodeAt(0);
        expect(req.getResourcesList()[0].getProperties().toJavaScript().data).toEqual({ k: "NARKER-VALUE" });
    });

    test("every resource's encoded properties are let go once all are decoded, before the policies run", async () => {
        const seen: string[] = [];
        const policy = {
            name: "count",
            description: "counts",
            enforcementLevel: "advisory",
            validateStack: () => undefined,
        };
        let released: boolean[] = [];
        const req = decodeAnalyzeStackRequest(stackBytes([manifest(0, "a"), manifest(1, "b")]));
        attachFast(policy, {
            prepareStack: (rs) => rs,
            stack: (prepared) => {
                for (const r of prepared as Array<{ props: { data: { k: string } } }>)
                    seen.push(r.props.data.k);
                released = req.getResourcesList().map((m: any) => {
                    try {
                        m.getProperties().toJavaScript();
                        return false;
                    } catch (e) {
                        return /released/.test((e as Error).message);
                    }
                });
            },
        });
        const handler = makeFastAnalyzeStackRpcFun("p", "1.0.0", "advisory", [policy], { config: {} });
        const resp: any = await new Promise((resolve, reject) =>
            handler({ request: req }, (err: any, r: any) => (err ? reject(err) : resolve(r))),
        );
        expect(resp.getDiagnosticsList()).toEqual([]);
        expect(seen).toEqual(["a", "b"]);
        expect(released).toEqual([true, true]);
    });
});
