/**
 * Policy config as the engine reconciles it (pkg/resource/analyzer/config.go): start from each policy's default
 * enforcement level and its schema defaults, apply the pack's initialConfig, then the `--policy-config` file
 * (the JSON format of `pulumi preview --policy-pack-config`); an `all` entry sets every policy's level first.
 * The result is validated against each policy's schema (the engine uses gojsonschema; we use ajv).
 */
import * as fs from "fs";
import * as path from "path";
import type Ajv from "ajv";
import { GuardInputError } from "./model";
import { SchemaVerdicts } from "./schema-verdicts";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const levels: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicyConfigEntry {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

export interface PolicyInfo {
    name: string;
    enforcementLevel: EnforcementLevel;
    /** Schema properties and required list, as GetAnalyzerInfo reports them. */
    configSchema?: { properties: Record<string, Record<string, unknown>>; required?: string[] };
    /** Catalogue metadata as the pack publishes it (GetAnalyzerInfo), for SARIF rules and JUnit suites. */
    description?: string;
    severity?: "low" | "medium" | "high" | "critical";
    remediation?: string;
    tags?: string[];
    url?: string;
}

function extractLevel(where: string, props: Record<string, unknown>): EnforcementLevel | undefined {
    if (!("enforcementLevel" in props)) return undefined;
    const v = props.enforcementLevel;
    delete props.enforcementLevel;
    if (typeof v !== "string" || !levels.includes(v as EnforcementLevel))
        throw new GuardInputError(
            `${where}: enforcementLevel ${JSON.stringify(v)} is not one of ${levels.join(", ")}`,
        );
    return v as EnforcementLevel;
}

/** Parses a `--policy-pack-config` JSON document. */
export function parsePolicyConfig(text: string, where: string): Record<string, PolicyConfigEntry> {
    if (text.trim() === "") return {};
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new GuardInputError(`${where}: invalid JSON (${(e as Error).message.split("\n")[0]})`);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
        throw new GuardInputError(`${where}: expected a JSON object of policy names`);
    const out: Record<string, PolicyConfigEntry> = {};
    for (const [k, v] of Object.entries(doc)) {
        if (typeof v === "string") {
            if (!levels.includes(v as EnforcementLevel))
                throw new GuardInputError(
                    `${where}: ${k}: "${v}" is not a valid enforcement level (${levels.join(", ")})`,
                );
            out[k] = { enforcementLevel: v as EnforcementLevel };
        } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
            const props = { ...(v as Record<string, unknown>) };
            const enforcementLevel = extractLevel(`${where}: ${k}`, props);
            if (enforcementLevel || Object.keys(props).length > 0)
                out[k] = { enforcementLevel, properties: Object.keys(props).length ? props : undefined };
        } else {
            throw new GuardInputError(`${where}: ${k}: must be an enforcement level string or an object`);
        }
    }
    return out;
}

export function loadPolicyConfigFile(file: string): Record<string, PolicyConfigEntry> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new GuardInputError(`--policy-config ${file}: no such file`);
    }
    return parsePolicyConfig(text, `--policy-config ${file}`);
}

function apply(result: Record<string, PolicyConfigEntry>, given: Record<string, PolicyConfigEntry>): void {
    const all = given.all?.enforcementLevel;
    if (all) for (const k of Object.keys(result)) result[k] = { ...result[k], enforcementLevel: all };
    for (const [name, g] of Object.entries(given)) {
        const cur = result[name] ?? {};
        const properties =
            g.properties && Object.keys(g.properties).length
                ? { ...(cur.properties ?? {}), ...g.properties }
                : cur.properties;
        result[name] = { enforcementLevel: g.enforcementLevel ?? cur.enforcementLevel, properties };
    }
}

/** The property names of an `anyOf: [{required: [a]}, {required: [b]}, ...]`, else undefined. */
function requiredAlternatives(schema: unknown): string[] | undefined {
    const anyOf = (schema as { anyOf?: { required?: string[] }[] } | undefined)?.anyOf;
    if (!anyOf?.every((s) => s.required?.length === 1 && Object.keys(s).length === 1)) return undefined;
    return anyOf.map((s) => s.required![0]);
}

/** ajv's options for policy config, and what identifies this validator in stored verdicts. */
const ajvOptions = { allErrors: true, strict: false, verbose: true };
/* eslint-disable @typescript-eslint/no-require-imports -- ajv loads only when a pair has no stored verdict */
export const ajvIdentity = (): string =>
    `ajv@${(require("ajv/package.json") as { version: string }).version} ${JSON.stringify(ajvOptions)}`;
const newAjv = (): Ajv => new (require("ajv").default as typeof Ajv)(ajvOptions);
/* eslint-enable @typescript-eslint/no-require-imports */

/** The guard's store of passing verdicts: this checkout's .guard-cache/schema. */
export function storedVerdicts(): SchemaVerdicts {
    return new SchemaVerdicts(path.resolve(__dirname, "..", ".guard-cache", "schema"), ajvIdentity());
}

/**
 * Reconciles and validates; throws GuardInputError with one line per schema violation. `verdicts`: passing verdicts
 * of earlier runs (guard/schema-verdicts.ts); a pair found there is not validated again.
 */
export function reconcilePolicyConfig(
    policies: PolicyInfo[],
    initialConfig: Record<string, PolicyConfigEntry>,
    fileConfig: Record<string, PolicyConfigEntry>,
    verdicts?: SchemaVerdicts,
): Record<string, PolicyConfigEntry> {
    const result: Record<string, PolicyConfigEntry> = {};
    for (const p of policies) {
        let properties: Record<string, unknown> | undefined;
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if ("default" in s) (properties ??= {})[k] = structuredClone(s.default);
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    apply(result, initialConfig);
    apply(result, fileConfig);

    let ajv: Ajv | undefined;
    // Most policies share a schema (the pss-* family, and every policy's `exemptions`): compile each distinct schema
    // once. Compiling all 84 one by one took over a second of every guard run.
    const compiled = new Map<string, ReturnType<Ajv["compile"]>>();
    const errors: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) continue;
        const schema = {
            type: "object",
            properties: p.configSchema.properties,
            ...(p.configSchema.required?.length ? { required: p.configSchema.required } : {}),
        };
        const value = result[p.name]?.properties ?? {};
        const verdict = verdicts?.key(schema, value);
        if (verdicts?.passed(verdict)) continue;
        const key = JSON.stringify(schema);
        let validate = compiled.get(key);
        if (!validate) compiled.set(key, (validate = (ajv ??= newAjv()).compile(schema)));
        if (validate(value)) verdicts?.recordPass(verdict);
        else {
            for (const e of validate.errors ?? []) {
                // "at least one of" (anyOf of required properties): one line naming them, not one per branch.
                if (e.schemaPath.includes("/anyOf/")) continue;
                const alternatives = e.keyword === "anyOf" ? requiredAlternatives(e.parentSchema) : undefined;
                const message = alternatives
                    ? `must set at least one of ${alternatives.join(", ")}`
                    : e.message;
                errors.push(`policy config: ${p.name}: ${e.instancePath || "(root)"} ${message}`);
            }
        }
    }
    if (errors.length) throw new GuardInputError(errors.join("\n"));
    return result;
}
