/**
 * The pack's GetAnalyzerInfo answer, served from its stored bytes when nothing it is built from changed.
 *
 * @pulumi/policy 1.21.0 builds the answer on every request (`protoutil.makeAnalyzerInfo`): a protobuf message per
 * policy and every policy's config schema as a `google.protobuf.Struct`, then serialises it. For this pack (84
 * policies, about 125 kB on the wire) that is 100-200 ms of the pack's CPU on the path of every cold start, for an
 * answer that only changes when the policies do.
 *
 * `installAnalyzerInfoCache(file)` replaces `makeAnalyzerInfo` (which the server calls through the module's exports)
 * with a memo: it computes a fingerprint of every value `makeAnalyzerInfo` reads (the pack's name, version and
 * enforcement level, the pack's metadata, each policy's fields and config schema, the initial config), each value
 * with its type, plus the versions of the code that builds and encodes the answer. When `file` holds an answer for
 * exactly that fingerprint (and its checksum holds), those bytes are the answer; otherwise the library's own
 * function computes it, and its bytes are stored in `file` (atomically) for the next start. Any value the
 * fingerprint does not describe exactly (not plain data: a class instance, a getter's result that could change,
 * NaN...) turns the memo off for that request: the library computes the answer, as without this module. So the
 * bytes served are always bytes the library computed for the same inputs.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const protoutil = require(path.join(policyDir, "protoutil.js"));
const policyModule = require(path.join(policyDir, "policy.js"));
const analyzerPbPath = require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] });
const analyzerproto = require(analyzerPbPath);

const marker = Symbol.for("hardened-cluster.analyzerInfoCache");
const magic = Buffer.from("hc-analyzer-info-1\0");
const headerLength = magic.length + 40;

/** What else the answer depends on: the code that builds and encodes it. */
function codeVersion(): string {
    const read = (p: string) => {
        try {
            return fs.readFileSync(p, "utf8");
        } catch {
            return "";
        }
    };
    const protobufPkg = require.resolve("google-protobuf/package.json", {
        paths: [path.dirname(analyzerPbPath)],
    });
    return [
        read(path.join(policyDir, "package.json")),
        read(path.join(policyDir, "protoutil.js")),
        read(path.join(policyDir, "policy.js")),
        analyzerPbPath,
        read(analyzerPbPath).length,
        read(protobufPkg),
    ].join("\0");
}

class NotPlainData extends Error {}

/** Appends a type-tagged encoding of plain data (what a Struct can hold) to `out`; throws NotPlainData otherwise. */
function data(v: unknown, out: string[], depth = 0): void {
    if (depth > 100) throw new NotPlainData();
    switch (typeof v) {
        case "string":
            out.push(`s${JSON.stringify(v)}`);
            return;
        case "boolean":
            out.push(v ? "T" : "F");
            return;
        case "number":
            if (!Number.isFinite(v)) throw new NotPlainData();
            out.push(Object.is(v, -0) ? "d-0" : `d${v}`);
            return;
        case "undefined":
            out.push("u");
            return;
        case "object":
            break;
        default:
            throw new NotPlainData();
    }
    if (v === null) {
        out.push("n");
        return;
    }
    const proto = Object.getPrototypeOf(v);
    if (Array.isArray(v)) {
        if (proto !== Array.prototype) throw new NotPlainData();
        const descriptors = Object.getOwnPropertyDescriptors(v);
        out.push(`[${v.length}`);
        for (let i = 0; i < v.length; i++) {
            const d = descriptors[i];
            if (d && !("value" in d)) throw new NotPlainData();
            data(d?.value, out, depth + 1);
        }
        out.push("]");
        return;
    }
    if (proto !== Object.prototype && proto !== null) throw new NotPlainData();
    const descriptors = Object.getOwnPropertyDescriptors(v);
    out.push("{");
    for (const key of Object.keys(descriptors)) {
        const d = descriptors[key];
        if (!d.enumerable) continue;
        if (!("value" in d)) throw new NotPlainData();
        out.push(`k${JSON.stringify(key)}`);
        data(d.value, out, depth + 1);
    }
    if (Object.getOwnPropertySymbols(v).length > 0) throw new NotPlainData();
    out.push("}");
}

/** The own data property `key` of `o` (undefined when absent); a getter is not plain data. */
function field(o: unknown, key: string): unknown {
    if (o === null || o === undefined) return undefined;
    if (typeof o !== "object" && typeof o !== "function") throw new NotPlainData();
    let p: object | null = o as object;
    while (p) {
        const d = Object.getOwnPropertyDescriptor(p, key);
        if (d) {
            if (!("value" in d)) throw new NotPlainData();
            return d.value;
        }
        p = Object.getPrototypeOf(p);
    }
    return undefined;
}

const policyFields = [
    "name",
    "description",
    "enforcementLevel",
    "displayName",
    "severity",
    "tags",
    "remediationSteps",
    "url",
];
const packFields = ["displayName", "description", "readme", "provider", "tags", "repository"];
const frameworkFields = ["name", "version", "reference", "specification"];

let codeVersionCache: string | undefined;

/**
 * The fingerprint of `makeAnalyzerInfo`'s arguments: every value it reads, with its type. Undefined when one of
 * them is not plain data (then the answer is computed, never looked up).
 */
export function analyzerInfoFingerprint(args: unknown[]): string | undefined {
    // An enumerable property on Object.prototype would be read by Struct's for-in: not a plain-data world.
    for (const key in {}) if (key !== undefined) return undefined;
    codeVersionCache ??= codeVersion();
    const out: string[] = [codeVersionCache];
    try {
        const [name, version, level, packArgs, initialConfig] = args;
        data(name, out);
        data(version, out);
        data(level, out);
        for (const f of packFields) data(field(packArgs, f), out);
        const policies = field(packArgs, "policies");
        if (policies !== undefined && policies !== null) {
            if (!Array.isArray(policies) || Object.getPrototypeOf(policies) !== Array.prototype)
                throw new NotPlainData();
            out.push(`P${policies.length}`);
            for (const p of policies) {
                if (typeof p !== "object" || p === null) throw new NotPlainData();
                out.push(
                    policyModule.isResourcePolicy(p) ? "R" : "r",
                    policyModule.isStackPolicy(p) ? "S" : "s",
                );
                for (const f of policyFields) data(field(p, f), out);
                const schema = field(p, "configSchema");
                if (!schema) data(schema, out);
                else {
                    out.push("C");
                    data(field(schema, "properties"), out);
                    data(field(schema, "required"), out);
                }
                const framework = field(p, "framework");
                if (typeof framework === "object" && framework !== null) {
                    out.push("W");
                    for (const f of frameworkFields) data(field(framework, f), out);
                } else data(framework, out);
            }
        } else data(policies, out);
        data(initialConfig, out);
    } catch (e) {
        if (e instanceof NotPlainData) return undefined;
        throw e;
    }
    return out.join("\u0001");
}

function sha1(b: string | Uint8Array): Buffer {
    return crypto.createHash("sha1").update(b).digest();
}

/** The stored answer for `key` (SHA-1 of the fingerprint), or undefined (absent, another fingerprint, damaged). */
export function readStoredAnswer(file: string, key: Buffer): Buffer | undefined {
    let buf: Buffer;
    try {
        buf = fs.readFileSync(file);
    } catch {
        return undefined;
    }
    if (buf.length < headerLength || !buf.subarray(0, magic.length).equals(magic)) return undefined;
    if (!buf.subarray(magic.length, magic.length + 20).equals(key)) return undefined;
    const bytes = buf.subarray(headerLength);
    if (!sha1(bytes).equals(buf.subarray(magic.length + 20, headerLength))) return undefined;
    return bytes;
}

export function writeStoredAnswer(file: string, key: Buffer, bytes: Uint8Array): void {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([magic, key, sha1(bytes), bytes]));
        fs.renameSync(tmp, file);
    } catch {
        // A read-only pack computes the answer on every start, as without the memo.
    }
}

export interface AnalyzerInfoCacheStats {
    served: number;
    computed: number;
    notPlain: number;
}
const stats: AnalyzerInfoCacheStats = { served: 0, computed: 0, notPlain: 0 };

/** A message that serialises to `bytes` (the service's serializer checks the type, then calls serializeBinary). */
function stored(bytes: Buffer): unknown {
    const ai = new analyzerproto.AnalyzerInfo();
    const copy = new Uint8Array(bytes);
    ai.serializeBinary = () => copy;
    return ai;
}

type MakeAnalyzerInfo = (...args: unknown[]) => any;

/** `makeAnalyzerInfo` with its answer stored in `file` for the next call with the same fingerprint. */
export function analyzerInfoMemo(original: MakeAnalyzerInfo, file: string): MakeAnalyzerInfo {
    return function makeAnalyzerInfo(this: unknown, ...args: unknown[]) {
        const fingerprint = analyzerInfoFingerprint(args);
        if (fingerprint === undefined) {
            stats.notPlain++;
            return original.apply(this, args);
        }
        const key = sha1(fingerprint);
        const bytes = readStoredAnswer(file, key);
        if (bytes) {
            stats.served++;
            return stored(bytes);
        }
        stats.computed++;
        const ai = original.apply(this, args);
        const computed: Uint8Array = ai.serializeBinary();
        // Stored after the answer is sent.
        setImmediate(() => writeStoredAnswer(file, key, computed));
        return ai;
    };
}

/** Installs the memo into @pulumi/policy's server (idempotent; `file` is where the answer is stored). */
export function installAnalyzerInfoCache(file: string): void {
    if (protoutil[marker]) return;
    const original = protoutil.makeAnalyzerInfo;
    if (typeof original !== "function")
        throw new Error(
            "@pulumi/policy changed: protoutil.makeAnalyzerInfo is missing (policy-pack/analyzer-info.ts supports 1.21.0)",
        );
    protoutil.makeAnalyzerInfo = analyzerInfoMemo(original, file);
    protoutil[marker] = true;
}

export function analyzerInfoCacheStats(): AnalyzerInfoCacheStats {
    return { ...stats };
}
