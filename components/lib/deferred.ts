import * as pulumi from "@pulumi/pulumi";

/**
 * Helm values with a few leaves that depend on resources of the same deployment (a KMS key id, an IAM role ARN).
 * Building the whole map inside one `apply` makes all of it unknown during preview, so nothing can check it. Instead
 * the pure values builder runs once with a token in place of each such input, and {@link withDeferredLeaves} swaps
 * every string holding a token for an Output: only those leaves are unknown during preview.
 */
export function deferredToken(name: string): string {
    if (!/^[A-Za-z0-9]+$/.test(name))
        throw new Error(`deferred token name ${JSON.stringify(name)}: letters and digits only`);
    return `__deferred_${name}__`;
}

/**
 * Characters a substituted value may hold: those of AWS ids, ARNs and regions. Tokens can sit inside quoted text
 * (an HCL string), so a value that would need escaping there is refused instead of substituted blindly.
 */
const safeValue = /^[A-Za-z0-9:/_.@+=,-]*$/;

/** `values` with every string that holds a token of `inputs` replaced by an Output of the substituted string. */
export function withDeferredLeaves<T>(values: T, inputs: Record<string, pulumi.Input<string>>): T {
    const tokens = Object.keys(inputs).map(
        (name) => [deferredToken(name), pulumi.output(inputs[name])] as const,
    );
    const walk = (v: unknown): unknown => {
        if (typeof v === "string") {
            const used = tokens.filter(([t]) => v.includes(t));
            if (used.length === 0) return v;
            return pulumi.all(used.map(([, o]) => o)).apply((resolved) =>
                used.reduce((s, [t], i) => {
                    if (!safeValue.test(resolved[i]))
                        throw new Error(`value for ${t} has characters outside ${safeValue.source}`);
                    return s.split(t).join(resolved[i]);
                }, v),
            );
        }
        if (Array.isArray(v)) return v.map(walk);
        if (typeof v === "object" && v !== null)
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
    };
    return walk(values) as T;
}
