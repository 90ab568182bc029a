/** Helpers shared by the AWS policies. */
import { PolicyResource } from "../lib/types";
import { cosmetic, known } from "../../lib/unknowns";

/** Marks a value that is unknown during preview. */
export const COMPUTED = "(computed)";

/** The logical name plus, when known, the physical `name` prop, for messages. */
export function who(r: PolicyResource): string {
    const kind = r.type.split(":").pop();
    const name = cosmetic(() => r.props.name as string | undefined, undefined);
    return name && name !== r.name ? `${kind} "${r.name}" (${name})` : `${kind} "${r.name}"`;
}

/** True for a CIDR that covers the whole address space (`0.0.0.0/0`, `::/0`, or any `/0`). */
export function isOpenCidr(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

/** Reads a string array; undefined when absent, COMPUTED-free (unknown elements are dropped). */
export function strings(read: () => unknown): string[] | undefined | typeof COMPUTED {
    return known<string[] | undefined | typeof COMPUTED>(() => {
        const v = read();
        if (v === undefined || v === null) return undefined;
        if (!Array.isArray(v)) return [String(v)];
        return v.map((x) => known(() => String(x), "")).filter((x) => x !== "");
    }, COMPUTED);
}
