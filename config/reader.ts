import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../components/lib/errors";
import { KeySpec } from "./spec";

/**
 * Reads and validates config keys against their specs, collecting every problem as one line that names the key and
 * what is accepted. Call `done()` before registering any resource: it throws a ConfigError listing all problems.
 */
export class ConfigReader {
    readonly problems: string[] = [];
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

    /** Records a problem with `key`. */
    problem(key: string, message: string): void {
        this.problems.push(`config ${key}: ${message}`);
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
            this.problem(key, `"${v}" is not accepted; use one of: ${opts.oneOf.join(", ")}`);
        else if (opts.pattern && !opts.pattern.test(v))
            this.problem(key, `"${v}" is not ${opts.what ?? `a match for ${opts.pattern}`}`);
        return v;
    }

    integer(key: string, opts: { min?: number; max?: number; oneOf?: readonly number[] } = {}): number {
        const raw = this.raw(key);
        const v = raw === undefined ? (this.spec(key).default as number) : Number(raw);
        if (!Number.isInteger(v)) {
            this.problem(key, `"${raw}" is not an integer`);
            return NaN;
        }
        if (opts.oneOf && !opts.oneOf.includes(v))
            this.problem(key, `${v} is not accepted; use one of: ${opts.oneOf.join(", ")}`);
        if (opts.min !== undefined && v < opts.min)
            this.problem(key, `${v} is below the minimum ${opts.min}`);
        if (opts.max !== undefined && v > opts.max)
            this.problem(key, `${v} is above the maximum ${opts.max}`);
        return v;
    }

    boolean(key: string): boolean {
        const raw = this.raw(key);
        if (raw === undefined) return this.spec(key).default as boolean;
        if (raw !== "true" && raw !== "false")
            this.problem(key, `"${raw}" is not accepted; use true or false`);
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
            this.problem(key, `expected a list of strings, got ${raw}`);
            return [];
        }
        if (item)
            for (const x of v as string[])
                if (!item.pattern.test(x)) this.problem(key, `"${x}" is not ${item.what}`);
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
            this.problem(key, `expected a map of strings (name: value), got ${raw}`);
            return {};
        }
        const out = v as Record<string, string>;
        if (entry)
            for (const [k, x] of Object.entries(out))
                if (!entry.key.test(k) || !entry.value.test(x))
                    this.problem(key, `"${k}: ${x}" is not ${entry.what}`);
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
