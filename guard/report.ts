/** The guard's two outputs: a readable report, and the `--json` document. */
import { GuardResource, redact, unknownValue } from "./model";
import { GuardResult } from "./run";
import { ReportLocation, relativeLocation } from "./locations";
import { selectorText } from "./exemption-audit";

/** Resource options as the guard captured them from the registration (state: as recorded in the export). */
export interface JsonResourceOptions {
    protect: boolean;
    retainOnDelete: boolean;
    /** false when the program did not set it. */
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    /** Go durations as given ("30m"); {} when none. */
    customTimeouts: { create?: string; update?: string; delete?: string };
    additionalSecretOutputs: string[];
    aliases: string[];
    /** Provider reference `urn::id` the resource uses (explicit or the default provider; an id unknown during
     * preview shows as [unknown]); null for components. */
    provider: string | null;
}

export function jsonOptions(r: GuardResource): JsonResourceOptions {
    const o = r.options;
    return {
        protect: o.protect,
        retainOnDelete: o.retainOnDelete,
        deleteBeforeReplace: o.deleteBeforeReplace ?? false,
        ignoreChanges: o.ignoreChanges,
        replaceOnChanges: o.replaceOnChanges ?? [],
        customTimeouts: Object.fromEntries(
            Object.entries(o.customTimeouts ?? {}).filter(([, v]) => v !== undefined),
        ),
        additionalSecretOutputs: o.additionalSecretOutputs,
        aliases: o.aliases,
        provider: r.provider ? r.provider.replace(unknownValue, "[unknown]") : null,
    };
}

export interface JsonReport {
    resources: {
        urn: string;
        type: string;
        name: string;
        parent?: string;
        dependencies: string[];
        inputs: unknown;
        options: JsonResourceOptions;
        source?: string;
    }[];
    violations: {
        policyPack: string;
        policy: string;
        level: string;
        urn: string;
        type: string;
        name: string;
        message: string;
        source?: string;
        /** The violating field, when the policy names it. */
        path?: string;
        /** Primary source location, relative to the working directory (absent in state mode). */
        location?: ReportLocation;
        /** The resource's own line inside its component (program mode). */
        relatedLocation?: ReportLocation;
        /** Stable fingerprint, as baselines and SARIF use it. */
        fingerprint?: string;
    }[];
    summary: { resources: number; mandatory: number; advisory: number };
    exemptions: GuardResult["exemptions"];
}

export function summarize(result: GuardResult): JsonReport["summary"] {
    return {
        resources: result.resources.length,
        mandatory: result.violations.filter((v) => v.level === "mandatory").length,
        advisory: result.violations.filter((v) => v.level === "advisory").length,
    };
}

/** One resource as the `--json` report lists it (`inputs`: its inputs, redacted). */
export function jsonResource(
    r: GuardResource,
    inputs: unknown = redact(r.inputs),
): JsonReport["resources"][number] {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        ...(r.parent ? { parent: r.parent } : {}),
        dependencies: r.dependencies,
        inputs,
        options: jsonOptions(r),
        ...(r.source ? { source: r.source } : {}),
    };
}

export function jsonViolations(result: GuardResult): JsonReport["violations"] {
    return result.violations.map((v) => ({
        policyPack: v.policyPack,
        policy: v.policy,
        level: v.level,
        urn: v.urn,
        type: v.type,
        name: v.name,
        message: v.message,
        ...(v.source ? { source: v.source } : {}),
        ...(v.path ? { path: v.path } : {}),
        ...(v.location ? { location: relativeLocation(v.location) } : {}),
        ...(v.related ? { relatedLocation: relativeLocation(v.related) } : {}),
        ...(v.fingerprint ? { fingerprint: v.fingerprint } : {}),
    }));
}

export function toJson(result: GuardResult): JsonReport {
    return {
        resources: result.resources.map((r) => jsonResource(r)),
        violations: jsonViolations(result),
        summary: summarize(result),
        exemptions: result.exemptions,
    };
}

/** The resource tree, one line per resource; children of a parent with many of one type are counted instead. */
function tree(resources: GuardResource[]): string[] {
    const children = new Map<string, GuardResource[]>();
    const roots: GuardResource[] = [];
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        if (r.parent && urns.has(r.parent)) {
            const kids = children.get(r.parent);
            if (kids) kids.push(r);
            else children.set(r.parent, [r]);
        } else roots.push(r);
    }
    const lines: string[] = [];
    const walk = (r: GuardResource, depth: number) => {
        lines.push(`${"  ".repeat(depth)}${r.type}  ${r.name}${r.source ? `  (${r.source})` : ""}`);
        const kids = children.get(r.urn) ?? [];
        const byType = new Map<string, GuardResource[]>();
        for (const k of kids) {
            const group = byType.get(k.type);
            if (group) group.push(k);
            else byType.set(k.type, [k]);
        }
        for (const [type, group] of byType) {
            if (group.length > 8 && group.every((g) => !children.has(g.urn)))
                lines.push(`${"  ".repeat(depth + 1)}${type}  ×${group.length}`);
            else for (const g of group) walk(g, depth + 1);
        }
    };
    roots.forEach((r) => walk(r, 0));
    return lines;
}

export function toText(result: GuardResult): string {
    const out: string[] = [];
    out.push(`Resources (${result.resources.length}, ${result.mode} mode):`);
    out.push(...tree(result.resources).map((l) => `  ${l}`));
    out.push("");
    const byUrn = new Map<string, GuardResult["violations"]>();
    for (const v of result.violations) {
        const vs = byUrn.get(v.urn);
        if (vs) vs.push(v);
        else byUrn.set(v.urn, [v]);
    }
    if (byUrn.size === 0) out.push("Policy violations: none");
    else {
        out.push("Policy violations:");
        for (const [urn, vs] of byUrn) {
            const v0 = vs[0];
            out.push(`  ${v0.type}  ${v0.name || urn}${v0.source ? `  (${v0.source})` : ""}`);
            // @pulumi/policy sends "<description>\n<what was found>"; the finding is the useful part.
            for (const v of vs) {
                const [description, ...found] = v.message.split("\n");
                out.push(`    [${v.level}] ${v.policy}: ${found.join(" ").trim() || description}`);
                if (v.location) {
                    const at = relativeLocation(v.location);
                    const own = v.related ? relativeLocation(v.related) : undefined;
                    out.push(
                        `      at ${at.file}:${at.line}:${at.column}${own ? ` (declared at ${own.file}:${own.line}:${own.column})` : ""}${v.path ? `, field ${v.path}` : ""}`,
                    );
                }
            }
        }
    }
    out.push("");
    if (result.exemptions.length) {
        out.push("Exemptions in effect (policy config):");
        for (const e of result.exemptions) {
            const who = [
                e.owner && `owner ${e.owner}`,
                e.expires && `${e.expired ? "EXPIRED" : "expires"} ${e.expires}`,
            ]
                .filter(Boolean)
                .join(", ");
            out.push(`  ${e.policy}: ${selectorText(e)} — ${e.reason}${who ? ` (${who})` : ""}`);
        }
        out.push("");
    }
    for (const w of result.warnings) out.push(`warning: ${w}`);
    const s = summarize(result);
    out.push(
        `Policy pack ${result.policyPack.name}@${result.policyPack.version} (${result.policyPack.policies} policies): ` +
            `${s.mandatory} mandatory, ${s.advisory} advisory violation(s) over ${s.resources} resources ` +
            `in ${(result.timings.totalMs / 1000).toFixed(1)} s`,
    );
    return out.join("\n");
}
