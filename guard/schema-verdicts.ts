/**
 * Passing verdicts of policy-config validation, kept across guard runs (.guard-cache/schema). Validating a pack's
 * config means compiling every distinct policy schema with ajv: about a fifth of the guard's own CPU on the blueprint,
 * in every run, for the same schemas and mostly the same values. A (schema, value) pair that ajv accepted is recorded
 * under a SHA-256 of ajv's version, its options, the schema and the value; a later run with exactly that pair skips
 * ajv. Only passes are recorded: a value that fails is validated every time, so its errors are always ajv's own.
 * Values that are not plain JSON (undefined, non-finite numbers, non-plain objects: nothing a config file or a
 * GetAnalyzerInfo answer produces) are never looked up. The cache is this checkout's, like .guard-cache/js and
 * .guard-cache/v8; when it cannot be written, every pair is validated. It is as trusted as those: a program the
 * guard runs, as the same user, could write here as it could rewrite the guard's own compiled code there, so the
 * guard's checkout must not be writable by the code it checks (in CI: check out the guard apart from the code).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Whether `v` is JSON that serialises without loss (so its serialisation identifies it). */
export function isPlainJson(v: unknown, depth = 0): boolean {
    if (depth > 64) return false;
    if (v === null || typeof v === "string" || typeof v === "boolean") return true;
    if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i], depth + 1)) return false;
        return true;
    }
    if (typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return false;
    for (const k of Object.keys(v))
        if (!isPlainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
    return Object.getOwnPropertySymbols(v).length === 0;
}

export class SchemaVerdicts {
    /** Lookups answered from the store, and pairs recorded, in this process (for tests). */
    readonly stats = { served: 0, recorded: 0 };

    /**
     * `dir`: the store (undefined: none, every pair is validated); `validator`: what identifies the validator (its
     * version and options); a different one never reads another's verdicts.
     */
    constructor(
        private readonly dir: string | undefined,
        private readonly validator: string,
    ) {}

    /** The key of a pair, or undefined when it is not plain JSON (then it is never looked up). */
    key(schema: unknown, value: unknown): string | undefined {
        if (!this.dir || !isPlainJson(schema) || !isPlainJson(value)) return undefined;
        return crypto
            .createHash("sha256")
            .update(JSON.stringify([this.validator, schema, value]))
            .digest("hex");
    }

    private file(key: string): string {
        return path.join(this.dir!, key.slice(0, 2), key);
    }

    /** Whether this exact pair was accepted before. */
    passed(key: string | undefined): boolean {
        if (!key) return false;
        let ok = false;
        try {
            ok = fs.readFileSync(this.file(key), "utf8") === key;
        } catch {
            ok = false;
        }
        if (ok) this.stats.served++;
        return ok;
    }

    /** Records that the validator accepted this pair (best effort: a store that cannot be written is ignored). */
    recordPass(key: string | undefined): void {
        if (!key) return;
        const file = this.file(key);
        try {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
            // The entry holds its own key: a truncated or foreign file is not a verdict.
            fs.writeFileSync(tmp, key);
            fs.renameSync(tmp, file);
            this.stats.recorded++;
        } catch {
            // read-only checkout: validate every time
        }
    }
}
