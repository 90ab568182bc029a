/**
 * The AnalyzeStack request of the guard (guard/stack-request.ts, guard/analyzer.ts `analyzeStackEncoded`): exactly
 * the bytes of the message built the usual way, held once: the blocks it is written in are let go when it is taken,
 * gRPC receives the request object (not its bytes) and takes the bytes as it serializes, so the caller keeps no copy;
 * once a large request is written the guard collects its garbage (guard/collect-garbage.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code, a fake gRPC client */
import * as v8 from "v8";
import * as vm from "vm";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { collectAfterRequestBytes, collectGarbage, collectGarbageStats } from "../../guard/collect-garbage";
import { StackRequest, stackBlockSize } from "../../guard/stack-request";
import { bytesDiff } from "../lib/bytes";

const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");

function resource(urn: string, big: number): Uint8Array {
    const r = new analyzerproto.AnalyzerResource();
    r.setType("kubernetes:core/v1:ConfigMap");
    r.setUrn(urn);
    r.setProperties(structproto.Struct.fromJavaScript({ data: { k: "x".repeat(big) } }));
    return r.serializeBinary();
}

/** The request as jspb serializes the message of the same resources. */
function reference(parts: Uint8Array[]): Buffer {
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(parts.map((p) => analyzerproto.AnalyzerResource.deserializeBinary(p)));
    return Buffer.from(req.serializeBinary());
}

describe("StackRequest", () => {
    test("the bytes of the AnalyzeStackRequest message: empty, small, multi-byte lengths, entries larger than a block, across blocks", () => {
        const sizes = [0, 1, 127, 128, 300, 20_000, 500, 3, 0, 70];
        const parts = sizes.map((n, i) => resource(`urn:pulumi:dev::p::t::r${i}`, n));
        for (const blockSize of [64, 300, 1000, stackBlockSize]) {
            expect(bytesDiff(StackRequest.of([], blockSize).take(), reference([]))).toBeUndefined();
            expect(
                bytesDiff(StackRequest.of(parts.slice(0, 1), blockSize).take(), reference(parts.slice(0, 1))),
            ).toBeUndefined();
            expect(bytesDiff(StackRequest.of(parts, blockSize).take(), reference(parts))).toBeUndefined();
        }
        // Many entries filling many blocks (the reference: encodeRepeatedField, itself proven against protobuf).
        const many = Array.from({ length: 300 }, (_, i) => resource(`urn:pulumi:dev::p::t::m${i}`, i * 7));
        expect(bytesDiff(StackRequest.of(many, 4096).take(), encodeRepeatedField(1, many))).toBeUndefined();
        expect(
            bytesDiff(StackRequest.of(many.slice(0, 40)).take(), reference(many.slice(0, 40))),
        ).toBeUndefined();
    });

    test("taking the request lets go of every block; it is taken once, and resources come in order", () => {
        const req = StackRequest.of(
            Array.from({ length: 200 }, (_, i) => resource(`urn:x:${i}`, 100)),
            4096,
        );
        expect(req.resources).toBe(200);
        expect(req.heldBytes).toBeGreaterThan(2 * 4096);
        const bytes = req.take();
        expect(bytes.length).toBeGreaterThan(200 * 100);
        expect(req.heldBytes).toBe(0);
        expect(() => req.take()).toThrow(/already taken/);
        expect(() => req.set(200, new Uint8Array(1))).toThrow(/already taken/);
        const other = new StackRequest();
        other.set(0, new Uint8Array([1]));
        expect(() => other.set(2, new Uint8Array([1]))).toThrow(/out of order/);
    });
});

/** A gRPC client that records what `analyzeStackEncoded` hands it, and answers once the message is written. */
function fakeClient() {
    const seen: {
        method?: string;
        message?: unknown;
        bytes?: Buffer;
        writeCallback?: boolean;
        ended?: boolean;
    } = {};
    const client = {
        makeClientStreamRequest(
            method: string,
            serialize: (m: unknown) => Buffer,
            deserialize: any,
            cb: any,
        ) {
            seen.method = method;
            return {
                write(message: unknown, written: (err?: unknown) => void) {
                    seen.message = message;
                    seen.bytes = serialize(message);
                    seen.writeCallback = typeof written === "function";
                    setImmediate(() => {
                        written();
                        const empty = Buffer.from(new analyzerproto.AnalyzeResponse().serializeBinary());
                        setImmediate(() => setImmediate(() => cb(null, deserialize(empty))));
                    });
                },
                end() {
                    seen.ended = true;
                },
            };
        },
    };
    const pack = Object.create(PolicyPackProcess.prototype) as PolicyPackProcess;
    (pack as any).client = client;
    return { pack, seen };
}

describe("analyzeStackEncoded", () => {
    test("gRPC gets the request object, takes its bytes as it serializes them, and nothing else keeps a copy", async () => {
        const parts = Array.from({ length: 50 }, (_, i) => resource(`urn:pulumi:dev::p::t::r${i}`, 200));
        const req = StackRequest.of(parts);
        const { pack, seen } = fakeClient();
        expect(await pack.analyzeStackEncoded(req)).toEqual([]);
        expect(seen.method).toBe("/pulumirpc.Analyzer/AnalyzeStack");
        // The message gRPC holds is the request, which holds nothing once serialized: the bytes gRPC took are the
        // only copy, and they are the message's bytes.
        expect(seen.message).toBe(req);
        expect(req.heldBytes).toBe(0);
        expect(bytesDiff(seen.bytes!, reference(parts))).toBeUndefined();
        expect(seen.writeCallback).toBe(true);
        expect(seen.ended).toBe(true);
    });

    test("a large request is followed by a garbage collection once written; a small one is not", async () => {
        const before = collectGarbageStats.runs;
        const { pack } = fakeClient();
        await pack.analyzeStackEncoded(StackRequest.of([resource("urn:small", 10)]));
        expect(collectGarbageStats.runs).toBe(before);
        // Any bytes will do here (the fake client does not decode the request).
        const big = StackRequest.of(
            Array.from({ length: 9 }, () => new Uint8Array(collectAfterRequestBytes / 8)),
        );
        await pack.analyzeStackEncoded(big);
        // One as the bytes are taken (the blocks), one once they are written (the request and gRPC's copy).
        expect(collectGarbageStats.runs).toBe(before + 2);
    });
});

describe("collectGarbage", () => {
    test("collects without --expose-gc, leaves no `gc` global and V8's flag hash as it was", () => {
        const tag = v8.cachedDataVersionTag();
        expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
        expect(collectGarbage()).toBe(true);
        expect(collectGarbage()).toBe(true);
        expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
        // The flag is off again: a context made now has no `gc` either.
        expect(vm.runInNewContext("typeof gc")).toBe("undefined");
        expect(v8.cachedDataVersionTag()).toBe(tag);
    });
});
