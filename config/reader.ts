import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../components/lib/errors";
import { Constraint, FieldError, FieldErrorType, formatFieldError } from "../components/lib/validators";
import { KeySpec } from "./spec";

/** How a config problem is labelled: `config <key>`. */
export const configLabel = (key: string): string => `config ${key}`;

/**
 * Reads and validates config keys against their specs, collecting every problem as one line that names the key and
 * what is accepted. Call `done()` before registering any resource: it throws a ConfigError listing all problems.
 */
export class ConfigReader {
    /** Every problem found so far, as data; paths are config keys. */
    readonly errors: FieldError[] = [];
    private readonly specs: Map<string, KeySpec>;

    constructor(
        private readonly cfg: pulumi.Config,
        specs: KeySpec[],
    ) {
        this.specs = new Map(specs.map((s) => [s.key, s]));
    }

    private spec(key: string): KeySpec {
        const s = this.specs.get(key);
        if (!s) throw new Error(`config key ${key} is not declared in config/*.ts`);
        return s;
    }

    /** Every problem found so far, one line each (the one formatter, labelled `config <key>`). */
    get problems(): string[] {
        return this.errors.map((e) => formatFieldError(e, configLabel));
    }

    /** Records a problem with `key` (a relation between keys, or a missing value when `value` is undefined). */
    problem(key: string, message: string, value?: unknown, type?: FieldErrorType): void {
        this.errors.push({ path: key, value, message, type });
    }

    /** Config keys that already have a problem. */
    failedKeys(): Set<string> {
        return new Set(this.errors.map((e) => e.path));
    }

    /**
     * Records a component validator's problems (paths of its Args), each relabelled with the config key that set
     * the field (`keys`); a key that already failed its type check is not reported twice. A path that no key sets
     * (a value the blueprint itself chose) keeps its Args name, prefixed with `argsName`.
     */
    validateWith(
        errors: readonly FieldError[],
        keys: Readonly<Record<string, string>>,
        argsName: string,
    ): void {
        const failed = this.failedKeys();
        for (const e of errors) {
            const key = keys[e.path];
            if (key === undefined) this.errors.push({ ...e, path: `${argsName}.${e.path}` });
            else if (!failed.has(key)) this.errors.push({ ...e, path: key });
        }
    }

    /** Checks a value read from `key` against a declared constraint. */
    check<T>(key: string, value: T, c: Constraint<T>): T {
        if (!c.test(value)) this.problem(key, `must be ${c.accepted}`, value, c.type);
        return value;
    }

    private raw(key: string): string | undefined {
        this.spec(key);
        return this.cfg.get(key);
    }

    /** A string; with `oneOf`, typed as one of those values (a problem is recorded otherwise). */
    string<T extends string>(key: string, opts: { oneOf: readonly T[] }): T;
    string(key: string, opts?: { pattern?: RegExp; what?: string }): string;
    string(key: string, opts: { oneOf?: readonly string[]; pattern?: RegExp; what?: string } = {}): string {
        const v = this.raw(key) ?? (this.spec(key).default as string | undefined) ?? "";
        if (opts.oneOf && !opts.oneOf.includes(v))
            this.problem(key, `supported values: ${opts.oneOf.join(", ")}`, v, "Unsupported value");
        else if (opts.pattern && !opts.pattern.test(v))
            this.problem(key, `must be ${opts.what ?? `a match for ${opts.pattern}`}`, v);
        return v;
    }

    integer(key: string, opts: { min?: number; max?: number; oneOf?: readonly number[] } = {}): number {
        const raw = this.raw(key);
        const v = raw === undefined ? (this.spec(key).default as number) : Number(raw);
        if (!Number.isInteger(v)) {
            this.problem(key, "must be an integer", raw);
            return NaN;
        }
        if (opts.oneOf && !opts.oneOf.includes(v))
            this.problem(key, `supported values: ${opts.oneOf.join(", ")}`, v, "Unsupported value");
        if (opts.min !== undefined && v < opts.min) this.problem(key, `is below the minimum ${opts.min}`, v);
        if (opts.max !== undefined && v > opts.max) this.problem(key, `is above the maximum ${opts.max}`, v);
        return v;
    }

    boolean(key: string): boolean {
        const raw = this.raw(key);
        if (raw === undefined) return this.spec(key).default as boolean;
        if (raw !== "true" && raw !== "false")
            this.problem(key, "supported values: true, false", raw, "Unsupported value");
        return raw === "true";
    }

    /** A list, given as a JSON array of strings (`pulumi config set --path 'key[0]' v` or a YAML list). */
    stringList(key: string, item?: { pattern: RegExp; what: string }): string[] {
        const raw = this.raw(key);
        if (raw === undefined) return [...((this.spec(key).default as string[] | undefined) ?? [])];
        let v: unknown;
        try {
            v = JSON.parse(raw);
        } catch {
            v = undefined;
        }
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
            this.problem(key, "must be a list of strings", raw);
            return [];
        }
        if (item)
            for (const x of v as string[])
                if (!item.pattern.test(x)) this.problem(key, `must be ${item.what}`, x);
        return v as string[];
    }

    /** A map of strings, given as a JSON object (`pulumi config set --path 'key.name' value` or a YAML map). */
    stringMap(key: string, entry?: { key: RegExp; value: RegExp; what: string }): Record<string, string> {
        const raw = this.raw(key);
        if (raw === undefined)
            return { ...((this.spec(key).default as Record<string, string> | undefined) ?? {}) };
        let v: unknown;
        try {
            v = JSON.parse(raw);
        } catch {
            v = undefined;
        }
        if (
            typeof v !== "object" ||
            v === null ||
            Array.isArray(v) ||
            Object.values(v).some((x) => typeof x !== "string")
        ) {
            this.problem(key, "must be a map of strings (name: value)", raw);
            return {};
        }
        const out = v as Record<string, string>;
        if (entry)
            for (const [k, x] of Object.entries(out))
                if (!entry.key.test(k) || !entry.value.test(x))
                    this.problem(key, `must be ${entry.what}`, `${k}: ${x}`);
        return out;
    }

    /** A secret value, or undefined when unset. Never logged. */
    secret(key: string): pulumi.Output<string> | undefined {
        this.spec(key);
        return this.cfg.getSecret(key);
    }

    /** Throws one ConfigError listing every problem found so far. */
    done(): void {
        throwIfProblems(this.problems);
    }
}
