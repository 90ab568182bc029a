/**
 * During `pulumi preview`, values that are not known yet arrive as unknowns. @pulumi/policy wraps properties in a
 * proxy that throws `UnknownValueError` when a policy reads one. A stack policy that lets that error escape is
 * skipped for the *whole stack*, so checks read uncertain values through `known`.
 */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && e.constructor?.name === "UnknownValueError";
}

/** Evaluates `read`; returns `fallback` when it touches a value that is unknown during preview. */
export function known<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) return fallback;
        throw e;
    }
}
