/**
 * policy-pack/lib/wire.ts decodes Analyze and AnalyzeStack requests as the generated decoders do, except that each
 * resource's properties stay encoded until `toJavaScript()`, which must return exactly what
 * `google.protobuf.Struct.toJavaScript()` returns (values, key order, errors).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import { generateStack, mulberry32 } from "../../bench/synthetic";
import { randomJson as randomAny } from "../lib/random-json";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { defaultOptions, GuardResource } from "../../guard/model";
import {
    decodeAnalyzeRequest,
    decodeAnalyzeStackRequest,
    installWireProperties,
    wirePropertiesInstalled,
    WireStruct,
} from "../../policy-pack/lib/wire";

const pulumiDir = require.resolve("@pulumi/pulumi");
const jspb = require(require.resolve("google-protobuf", { paths: [pulumiDir] }));
const structproto = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");

/** The outcome of a decode: the value with its key order, or the error message. */
function outcome(f: () => unknown): string {
    try {
        return JSON.stringify(f(), (_k, v) =>
            v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v) : v,
        );
    } catch (e) {
        return `error: ${(e as Error).message}`;
    }
}

function viaJspb(bytes: Uint8Array): string {
    return outcome(() => structproto.Struct.deserializeBinary(bytes).toJavaScript());
}
function viaWire(bytes: Uint8Array): string {
    return outcome(() => new WireStruct(bytes).toJavaScript());
}

function resource(
    name: string,
    props: Record<string, unknown>,
    extra: Partial<GuardResource> = {},
): GuardResource {
    return {
        urn: `urn:pulumi:dev::bp::kubernetes:apps/v1:Deployment::${name}`,
        type: "kubernetes:apps/v1:Deployment",
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: defaultOptions(),
        inputs: props,
        outputs: props,
        ...extra,
    };
}

/** Random JSON with the awkward parts: unicode, lone surrogates, numeric and unsorted keys, -0, big numbers. */
/** The numbers both decoders must agree on (JSON-representable, plus -0 and the extremes). */
const wireNumbers = [0, -0, 1.5, -2, 1e308, 5e-324, 2 ** 53 + 2];
const randomJson = (rand: () => number, depth: number): unknown => randomAny(rand, depth, wireNumbers);

describe("lib/wire.ts: properties decoded from the wire", () => {
    it("equals Struct.toJavaScript() on random JSON (values and key order)", () => {
        const rand = mulberry32(15);
        for (let i = 0; i < 400; i++) {
            const v = { root: randomJson(rand, 5), more: randomJson(rand, 3) };
            const bytes = structproto.Struct.fromJavaScript(v).serializeBinary();
            expect(viaWire(bytes)).toBe(viaJspb(bytes));
        }
    });

    /** A Struct written field by field, to make messages no jspb encoder would (but a decoder must survive). */
    function craft(build: (w: any) => void): Uint8Array {
        const w = new jspb.BinaryWriter();
        build(w);
        return w.getResultBuffer();
    }
    const entry = (w: any, key: string | undefined, values: ((v: any) => void)[]) => {
        w.beginSubMessage(1);
        if (key !== undefined) w.writeString(1, key);
        for (const v of values) {
            w.beginSubMessage(2);
            v(w);
            w.endSubMessage();
        }
        w.endSubMessage();
    };

    it.each([
        [
            "a repeated key (the last wins)",
            (w: any) => {
                entry(w, "k", [(v) => v.writeString(3, "first")]);
                entry(w, "k", [(v) => v.writeString(3, "second")]);
            },
        ],
        [
            "two kinds in one Value (the last wins)",
            (w: any) => {
                entry(w, "k", [(v) => (v.writeString(3, "s"), v.writeDouble(2, 4))]);
            },
        ],
        ["a Value with no kind", (w: any) => entry(w, "k", [() => undefined])],
        ["an entry with no value", (w: any) => entry(w, "k", [])],
        ["an entry with no key", (w: any) => entry(w, undefined, [(v) => v.writeBool(4, true)])],
        [
            "a value field twice in one entry (merged)",
            (w: any) => {
                entry(w, "k", [(v) => v.writeString(3, "s"), () => undefined]);
            },
        ],
        [
            "a nested Struct replaced by a valid one after an invalid one",
            (w: any) => {
                entry(w, "k", [
                    (v) => {
                        v.beginSubMessage(5);
                        entry(v, "bad", [() => undefined]);
                        v.endSubMessage();
                        v.beginSubMessage(5);
                        entry(v, "good", [(x) => x.writeEnum(1, 0)]);
                        v.endSubMessage();
                    },
                ]);
            },
        ],
        [
            "a list with an invalid element",
            (w: any) => {
                entry(w, "k", [
                    (v) => {
                        v.beginSubMessage(6);
                        v.beginSubMessage(1);
                        v.writeDouble(2, 1);
                        v.endSubMessage();
                        v.beginSubMessage(1);
                        v.endSubMessage();
                        v.endSubMessage();
                    },
                ]);
            },
        ],
        [
            "unknown fields",
            (w: any) => {
                w.writeString(7, "ignored");
                entry(w, "k", [(v) => (v.writeString(9, "x"), v.writeString(3, "s"))]);
            },
        ],
        [
            "a __proto__ key",
            (w: any) => {
                entry(w, "__proto__", [(v) => v.writeString(3, "polluted")]);
                entry(w, "a", [(v) => v.writeString(3, "kept")]);
            },
        ],
    ])("decodes %s as jspb does", (_what, build) => {
        const bytes = craft(build);
        expect(viaWire(bytes)).toBe(viaJspb(bytes));
    });

    it("returns the deep-frozen value, or nothing, or throws as toJavaScript() does (decodeKnownFrozen)", () => {
        const rand = mulberry32(1515);
        for (let i = 0; i < 300; i++) {
            const bytes = malformed(rand);
            const expected = viaJspb(bytes);
            const w = new WireStruct(bytes);
            let frozen: unknown;
            try {
                frozen = w.decodeKnownFrozen();
            } catch (e) {
                expect(`error: ${(e as Error).message}`).toBe(expected);
                continue;
            }
            if (frozen !== undefined) expect(outcome(() => frozen)).toBe(expected);
        }
    });
});

/** Protobuf bytes written by hand: what no encoder writes, but a decoder must read as google-protobuf does. */
function varint(n: number | bigint): number[] {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    do {
        const b = Number(v & 127n);
        v >>= 7n;
        out.push(v ? b | 128 : b);
    } while (v);
    return out;
}
const tag = (no: number, wt: number) => varint(no * 8 + wt);
const len = (no: number, payload: number[]) => [...tag(no, 2), ...varint(payload.length), ...payload];
const utf8 = (s: string) => [...Buffer.from(s, "utf8")];
const double = (x: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return [...b];
};
/** Struct entry `key: value` (value: the Value's field bytes). */
const entryOf = (key: number[] | undefined, ...values: number[][]) =>
    len(1, [...(key ? len(1, key) : []), ...values.flatMap((v) => len(2, v))]);
const str = (s: string) => len(3, utf8(s));
const bool = (x: number | bigint) => [...tag(4, 0), ...varint(x)];
const struct = (...entries: number[][]) => len(5, entries.flat());
const list = (...values: number[][]) =>
    len(
        6,
        values.flatMap((v) => len(1, v)),
    );

/** A random message on the Struct grammar with noise in every place, then maybe mutated or truncated. */
function malformed(rand: () => number): Uint8Array {
    const ri = (n: number) => Math.floor(rand() * n);
    const pick = <T>(xs: T[]): T => xs[ri(xs.length)];
    const strBytes = (): number[] =>
        rand() < 0.5
            ? utf8(pick(["a", "k", "__proto__", "10", "2", "é日😀", "", "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"]))
            : Array.from({ length: ri(6) }, () => pick([0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe0, 0xed, 0xf0, 0xf4, 0xf8, 0xff])); // prettier-ignore
    const noise = (): number[] => {
        const no = ri(20);
        switch (ri(8)) {
            case 0:
                return [...tag(no, 0), ...varint(ri(1000))];
            case 1:
                return [...tag(no, 1), ...double(rand())];
            case 2:
                return len(no, strBytes());
            case 3:
                return [...tag(no, 5), 1, 2, 3, 4];
            case 4: // a group, sometimes with a wrong end
                return [
                    ...tag(no, 3),
                    ...(rand() < 0.5 ? noise() : []),
                    ...tag(rand() < 0.8 ? no : no + 1, 4),
                ];
            case 5:
                return tag(no, 4);
            case 6:
                return [ri(256)];
            default:
                return tag(no, ri(8));
        }
    };
    const value = (d: number): number[] =>
        Array.from({ length: ri(3) + (rand() < 0.1 ? 0 : 1) }, () => {
            switch (ri(d > 0 ? 8 : 5)) {
                case 0:
                    return [...tag(1, 0), ...varint(ri(3))];
                case 1:
                    return [...tag(2, 1), ...double(pick([0, -0, 1.5, NaN, Infinity, 1e308, 5e-324]))];
                case 2:
                    return len(3, strBytes());
                case 3:
                    return bool(pick([0, 1, 2, 2 ** 32, 2 ** 35]));
                case 4:
                    return noise();
                case 5:
                case 6:
                    return len(5, structOf(d - 1));
                default:
                    return len(6, listOf(d - 1));
            }
        }).flat();
    const entry = (d: number): number[] =>
        Array.from({ length: ri(4) }, () => {
            const r = ri(6);
            if (r < 2) return len(1, strBytes());
            if (r < 4) return len(2, value(d));
            return r === 4 ? noise() : [...tag(ri(3), ri(6)), ...varint(ri(300))];
        }).flat();
    const structOf = (d: number): number[] =>
        Array.from({ length: ri(4) }, () => (rand() < 0.85 ? len(1, entry(d)) : noise())).flat();
    const listOf = (d: number): number[] =>
        Array.from({ length: ri(4) }, () => (rand() < 0.85 ? len(1, value(d)) : noise())).flat();
    let b = structOf(3);
    if (rand() < 0.3)
        for (let j = ri(3); j >= 0; j--) {
            const at = ri(b.length + 1);
            const r = rand();
            if (r < 0.3) b[at] = ri(256);
            else if (r < 0.5) b.splice(at, 1);
            else if (r < 0.7) b.splice(at, 0, ri(256));
            else b.splice(at, 0, ...noise());
        }
    if (rand() < 0.1) b = b.slice(0, ri(b.length + 1));
    return new Uint8Array(b.filter((x) => x !== undefined));
}

describe("lib/wire-reader.ts: malformed bytes decode (or fail) as google-protobuf's reader decodes them", () => {
    it("on random messages with noise, mutations and truncation everywhere (values, key order, error messages)", () => {
        // A seed whose inputs google-protobuf decodes quickly: with some (a string length of ~2^31 read from
        // misaligned bytes) its UTF-8 decoder steps through every missing byte; ours does not (tested below).
        const rand = mulberry32(1520);
        let values = 0;
        for (let i = 0; i < 2500; i++) {
            const bytes = malformed(rand);
            const expected = viaJspb(bytes);
            if (!expected.startsWith("error:")) values++;
            expect([i, viaWire(bytes)]).toEqual([i, expected]);
        }
        expect(values).toBeGreaterThan(500); // not only errors
    });

    it("on mutated encodings of real JSON", () => {
        // A seed google-protobuf decodes quickly (see above; a long random JSON makes its slow case frequent).
        const rand = mulberry32(1522);
        const specials = [0x80, 0xff, 0x0b, 0x0c, 0x07, 0xc0, 0xe0, 0xf0];
        for (let i = 0; i < 600; i++) {
            const b = [
                ...structproto.Struct.fromJavaScript({ a: randomJson(rand, 3), b: "x" }).serializeBinary(),
            ];
            for (let j = Math.floor(rand() * 3); j >= 0; j--) {
                const at = Math.floor(rand() * b.length);
                b[at] =
                    rand() < 0.5 ? Math.floor(rand() * 256) : specials[Math.floor(rand() * specials.length)];
            }
            const bytes = new Uint8Array(b.slice(0, rand() < 0.2 ? Math.floor(rand() * b.length) : b.length));
            expect([i, viaWire(bytes)]).toEqual([i, viaJspb(bytes)]);
        }
    });

    const k = utf8("k");
    it.each([
        ["a truncated tag varint", [0x8a]],
        ["a truncated length varint", [0x0a, 0x85]],
        ["a 10-byte tag varint", [0x8a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]],
        ["an 11-byte varint", [0x8a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]],
        ["wire type 6", [0x0e]],
        ["wire type 7 in a Value", entryOf(k, [0x1f])],
        ["a string length past the end", [...tag(1, 2), 0x05, ...tag(1, 2), 0x01]],
        ["a message length past the buffer", entryOf(k, struct(entryOf(k, str("x")))).slice(0, -2)],
        ["a message length past its parent", [...tag(1, 2), 0x03, ...tag(1, 2), 0x7f, 0x00]],
        ["a Struct entry with wire type 0", [...tag(1, 0), 0x01]],
        ["a key with wire type 0", len(1, [...tag(1, 0), 0x01])],
        ["a value with wire type 5", len(1, [...len(1, k), ...tag(2, 5), 1, 2, 3, 4])],
        ["a string Value with wire type 0", entryOf(k, [...tag(3, 0), 0x01])],
        ["a number Value with wire type 0", entryOf(k, [...tag(2, 0), 0x01])],
        ["a bool Value with wire type 2", entryOf(k, len(4, [1]))],
        ["a null Value with wire type 1", entryOf(k, [...tag(1, 1), ...double(0)])],
        ["a struct Value with wire type 0", entryOf(k, [...tag(5, 0), 0x00])],
        ["a list element with wire type 0", entryOf(k, len(6, [...tag(1, 0), 0x00]))],
        ["a double past the end", entryOf(k, [...tag(2, 1), 1, 2, 3])],
        [
            "a double past the buffer",
            [...tag(1, 2), 20, ...len(1, k), ...tag(2, 2), 12, ...tag(2, 1), 1, 2, 3],
        ],
        ["a bool of 2^32 (google-protobuf reads 32 bits: false)", entryOf(k, bool(2 ** 32))],
        ["a bool of 2^35 + 1", entryOf(k, bool(2 ** 35 + 1))],
        ["a null Value as a 10-byte enum", entryOf(k, [...tag(1, 0), ...varint(-1n)])],
        ["a null Value as an 11-byte enum", entryOf(k, [...tag(1, 0), ...Array(10).fill(0xff), 0x01])],
        ["an unknown varint field running past the end", [...tag(9, 0), 0x80]],
        ["an unknown fixed64 field past the end", [...tag(9, 1), 1, 2]],
        ["an unknown fixed32 field", [...tag(9, 5), 1, 2, 3, 4, ...entryOf(k, str("v"))]],
        ["a group", [...tag(9, 3), ...tag(2, 0), 0x05, ...tag(9, 4), ...entryOf(k, str("v"))]],
        ["nested groups", [...tag(9, 3), ...tag(8, 3), ...tag(8, 4), ...tag(9, 4), ...entryOf(k, str("v"))]],
        ["a group ended by another field number", [...tag(9, 3), ...tag(8, 4), ...entryOf(k, str("v"))]],
        ["a group never ended", [...tag(9, 3), ...tag(2, 0), 0x05]],
        ["an end-group tag ending the Struct", [...entryOf(k, str("v")), ...tag(3, 4), 0xff, 0xff]],
        ["an end-group tag ending a Value", entryOf(k, [...str("v"), ...tag(1, 4), ...str("w")])],
        ["an end-group tag ending an entry", len(1, [...len(1, k), ...tag(7, 4), ...len(2, str("v"))])],
        [
            "an unknown field in an entry (not skipped: its payload is read as tags)",
            len(1, [...len(1, k), ...len(2, str("v")), ...len(7, len(1, utf8("x")))]),
        ],
        [
            "an unknown group in an entry (not skipped)",
            len(1, [...len(1, k), ...tag(9, 3), ...len(2, str("v"))]),
        ],
        ["repeated keys in one entry", len(1, [...len(1, k), ...len(1, utf8("j")), ...len(2, str("v"))])],
        ["a parse error inside a replaced struct", entryOf(k, [...struct([0x0f]), ...str("v")])],
        ["an invalid Value inside a replaced list", entryOf(k, [...list([]), ...str("v")])],
        ["an invalid Value under a __proto__ key", [...entryOf(utf8("__proto__")), ...entryOf(k, str("v"))]],
        [
            "keys out of order, repeated, with an invalid value replaced",
            [
                ...entryOf(utf8("b"), str("1")),
                ...entryOf(utf8("a")),
                ...entryOf(utf8("c"), str("3")),
                ...entryOf(utf8("a"), str("2")),
            ],
        ],
        ["an overlong NUL (C0 80)", entryOf(k, len(3, [0x61, 0xc0, 0x80, 0x62]))],
        ["an overlong slash (E0 80 AF)", entryOf(k, len(3, [0xe0, 0x80, 0xaf]))],
        ["an encoded lone surrogate (ED A0 80)", entryOf(k, len(3, [0xed, 0xa0, 0x80, 0x7a]))],
        ["an overlong 4-byte form (F0 80 80 80)", entryOf(k, len(3, [0xf0, 0x80, 0x80, 0x80]))],
        ["a code point past U+10FFFF (F7 BF BF BF)", entryOf(k, len(3, [0xf7, 0xbf, 0xbf, 0xbf]))],
        [
            "stray continuation and F8-FF bytes",
            entryOf(k, len(3, [0x80, 0x61, 0xbf, 0xf8, 0xfe, 0xff, 0x62])),
        ],
        [
            "a 3-byte lead at the end of a string (reads on into the next field)",
            entryOf(k, [...len(3, [0x61, 0xe3]), ...str("v")]),
        ],
        [
            "a 4-byte lead at the end of a key",
            [...len(1, [...len(1, [0x6b, 0xf0]), ...len(2, str("v"))]), ...entryOf(utf8("z"), str("w"))],
        ],
        [
            "a multi-byte lead at the end of the buffer",
            entryOf(k, len(3, [0x61]))
                .concat([])
                .map((b, i, a) => (i === a.length - 1 ? 0xe0 : b)),
        ],
        ["a long non-ASCII string", entryOf(k, str("é".repeat(5000) + "😀".repeat(3000)))],
        [
            "a negative length (10-byte varint) skipping backwards",
            [
                ...tag(7, 2),
                0xff,
                0xff,
                0xff,
                0xff,
                0xff,
                0x01,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                ...entryOf(k, bool(1)),
            ],
        ],
        ["a negative string length", entryOf(k, [...tag(3, 2), 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
        ["a negative message length", entryOf(k, [...tag(5, 2), 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
    ] as [string, number[]][])("%s", (_what, bytes) => {
        const b = new Uint8Array(bytes);
        expect(viaWire(b)).toBe(viaJspb(b));
    });

    it("reads a string length far past the buffer at once (google-protobuf steps through every missing byte)", () => {
        const past = (n: number) => new Uint8Array([...tag(1, 2), 10, ...len(1, k), ...tag(2, 2), 6, ...tag(3, 2), ...varint(n)]); // prettier-ignore
        expect(viaWire(past(2 ** 20))).toBe(viaJspb(past(2 ** 20)));
        const t0 = process.cpuUsage();
        // google-protobuf: the same error after ~30 s.
        expect(viaWire(past(2 ** 31))).toBe("error: Failure: Decoder hit an error");
        expect(process.cpuUsage(t0).user).toBeLessThan(1e6);
    });

    it("fails a negative length that loops forever (where google-protobuf hangs) instead of hanging", () => {
        // The length -7 moves the cursor back to the tag: google-protobuf reads the same field forever.
        const loop = new Uint8Array([...tag(7, 2), 0xf9, 0xff, 0xff, 0xff, 0xff, 0x01]);
        expect(viaWire(loop)).toBe(
            "error: Failure: the message does not end (negative lengths move the cursor back)",
        );
        expect(() => new WireStruct(loop).decodeKnownFrozen()).toThrow(/does not end/);
    });

    it("never confuses two recent strings that share a length and first, middle and last bytes", () => {
        // The string cache hashes only those bytes: every pair below collides, and must still be told apart.
        const words = ["aXbYc", "aYbXc", "aZbZc", "svc-00020", "svc-10020", "svc-01020", "app.kubernetes.io/name", "app.kubernetes.io/nAme"]; // prettier-ignore
        const rand = mulberry32(1518);
        for (let i = 0; i < 50; i++) {
            const v: Record<string, unknown> = {};
            for (let j = 0; j < 6; j++)
                v[words[Math.floor(rand() * words.length)]] = words[Math.floor(rand() * words.length)];
            const bytes = structproto.Struct.fromJavaScript({ v, l: Object.keys(v) }).serializeBinary();
            expect(viaWire(bytes)).toBe(viaJspb(bytes));
        }
        // A non-ASCII string with an ASCII one's length and sampled bytes is not taken for it.
        const ascii = structproto.Struct.fromJavaScript({ k: "aXbYc" }).serializeBinary();
        const other = new Uint8Array([...entryOf(k, len(3, [0x61, 0xc3, 0x62, 0xa9, 0x63]))]);
        expect(viaWire(ascii)).toBe(viaJspb(ascii));
        expect(viaWire(other)).toBe(viaJspb(other));
        expect(viaWire(other)).not.toBe(viaWire(ascii));
    });
});

describe("lib/wire.ts: requests", () => {
    it("decodes AnalyzeStack and Analyze requests with every field the generated decoders read", () => {
        const stack = generateStack(200, 3).map((r) => {
            const props = JSON.parse(JSON.stringify(r.props)) as Record<string, unknown>;
            return resource(r.name, props, { urn: r.urn, type: r.type });
        });
        const provider = resource(
            "default",
            { kubeconfig: "x" },
            {
                urn: "urn:pulumi:dev::bp::pulumi:providers:kubernetes::default",
                type: "pulumi:providers:kubernetes",
            },
        );
        stack.unshift(provider);
        stack[1] = {
            ...stack[1],
            parent: provider.urn,
            provider: `${provider.urn}::id`,
            dependencies: [provider.urn, stack[2].urn],
            propertyDependencies: { spec: [stack[2].urn], metadata: [provider.urn] },
            options: { ...defaultOptions(), protect: true, ignoreChanges: ["spec"], aliases: ["urn:x"] },
        };
        const byUrn = new Map(stack.map((r) => [r.urn, r]));
        const bytes = new Uint8Array(
            encodeRepeatedField(
                1,
                stack.map((r) => PolicyPackProcess.stackResource(r, byUrn)),
            ),
        );
        const generated = analyzerproto.AnalyzeStackRequest.deserializeBinary(bytes).getResourcesList();
        const wire = decodeAnalyzeStackRequest(bytes).getResourcesList();
        expect(wire).toHaveLength(generated.length);
        const entriesOf = (map: any) => {
            const out: [string, string[]][] = [];
            map.forEach((v: any, k: string) => out.push([k, v.getUrnsList()]));
            return out;
        };
        // Every field but the properties (toObject would convert those through jspb's Struct API).
        const fields = (m: any) => ({
            type: m.getType(),
            urn: m.getUrn(),
            name: m.getName(),
            options: m.getOptions()?.toObject(),
            provider: m.getProvider() && {
                type: m.getProvider().getType(),
                urn: m.getProvider().getUrn(),
                name: m.getProvider().getName(),
                properties: outcome(() => m.getProvider().getProperties()?.toJavaScript()),
            },
            ...(m.getParent
                ? {
                      parent: m.getParent(),
                      dependencies: m.getDependenciesList(),
                      propertydependenciesMap: entriesOf(m.getPropertydependenciesMap()),
                  }
                : {}),
        });
        generated.forEach((g: any, i: number) => {
            const w = wire[i];
            expect(fields(w)).toEqual(fields(g));
            expect(outcome(() => w.getProperties().toJavaScript())).toBe(
                outcome(() => g.getProperties().toJavaScript()),
            );
        });
        expect(fields(wire[1]).propertydependenciesMap).toHaveLength(2);

        const req = new analyzerproto.AnalyzeRequest();
        req.setType(stack[1].type);
        req.setUrn(stack[1].urn);
        req.setName(stack[1].name);
        req.setProperties(PolicyPackProcess.struct(stack[1].inputs));
        const one = req.serializeBinary();
        const g = analyzerproto.AnalyzeRequest.deserializeBinary(one);
        const w = decodeAnalyzeRequest(one);
        expect(fields(w)).toEqual(fields(g));
        expect(JSON.stringify(w.getProperties().toJavaScript())).toBe(
            JSON.stringify(g.getProperties().toJavaScript()),
        );
    });

    it("is what the analyzer service decodes with once installed", () => {
        const svc = require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerService;
        installWireProperties();
        expect(wirePropertiesInstalled()).toBe(true);
        expect(svc.analyze.requestDeserialize).toBe(decodeAnalyzeRequest);
        expect(svc.analyzeStack.requestDeserialize).toBe(decodeAnalyzeStackRequest);
    });
});
