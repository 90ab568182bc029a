/**
 * The guard's model of a stack: what `pulumi preview` would hand the policy engine. Property maps stay in
 * Pulumi's wire form, so secrets (`{"4dabf18193072939515e22adb298388d": "1b47…", value}`) and unknowns
 * (`"04da6b54-80e4-46f7-96ec-b56ff0331ba9"`) keep their markers all the way to the analyzer.
 */

/** Resource options the analyzer protocol carries (AnalyzerResourceOptions). */
export interface GuardResourceOptions {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    deleteBeforeReplace?: boolean;
    customTimeouts?: { create?: string; update?: string; delete?: string };
    additionalSecretOutputs: string[];
    aliases: string[];
}

export interface GuardResource {
    urn: string;
    type: string;
    name: string;
    /** Custom (provider-managed) resource, as opposed to a component. */
    custom: boolean;
    parent?: string;
    /** Provider reference `urn::id`, for custom resources. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: GuardResourceOptions;
    /** Inputs in wire form. */
    inputs: Record<string, unknown>;
    /** Outputs in wire form (what AnalyzeStack sees). */
    outputs: Record<string, unknown>;
    /** Manifest file the object came from (`--manifests`). */
    source?: string;
    /** Synthesized by the guard (root stack, default providers) rather than registered by the program. */
    synthesized?: boolean;
}

export const secretSig = "4dabf18193072939515e22adb298388d";
export const secretSigValue = "1b47061264138c4ac30d75fd1eb44270";
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function defaultOptions(): GuardResourceOptions {
    return {
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        replaceOnChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
    };
}

/** Wraps a wire value as a secret. */
export function secretOf(value: unknown): Record<string, unknown> {
    return { [secretSig]: secretSigValue, value };
}

export function isSecret(v: unknown): v is { value: unknown } {
    return (
        typeof v === "object" && v !== null && (v as Record<string, unknown>)[secretSig] === secretSigValue
    );
}

/** Replaces secrets by "[secret]" (for reports and --json). Unknowns are shown as "[unknown]". */
export function redact(v: unknown): unknown {
    if (isSecret(v)) return "[secret]";
    if (v === unknownValue) return "[unknown]";
    if (Array.isArray(v)) return v.map(redact);
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
    }
    return v;
}

/** A user-facing failure of the guard itself: bad invocation or unreadable input (exit code 2). */
export class GuardInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "GuardInputError";
    }
}
