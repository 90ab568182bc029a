/**
 * Resource properties that hold no value unknown during preview (issue 15).
 *
 * lib/shared-props.ts marks here the properties it decoded straight from the wire as deep-frozen plain JSON with no
 * unknown sentinel and no special value (lib/wire.ts `decodeKnownFrozen`). Reading such properties can never raise
 * `UnknownValueError`, so @pulumi/policy's unknown-checking proxy and the adapter's unknown tracking
 * (lib/unknowns.ts `trackUnknowns`) would observe nothing: the policies read them directly. Anything not marked
 * (properties with unknowns, secrets, assets, properties built by tests) takes the tracked path as before.
 */
const knownProps = new WeakSet<object>();

/** Marks a deep-frozen, fully known, plain properties object. */
export function markKnownProps(props: object): void {
    if (!Object.isFrozen(props)) throw new Error("internal: only deep-frozen properties may be marked known");
    knownProps.add(props);
}

/** Whether `props` is a properties object decoded with every value known (see above). */
export function isKnownProps(props: unknown): boolean {
    return typeof props === "object" && props !== null && knownProps.has(props);
}
