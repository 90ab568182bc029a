/** Helpers shared by the exposure policies. */
import { PolicyResource } from "../lib/types";
import { cosmetic, known } from "../../lib/unknowns";

export const SERVICE_TYPES = ["kubernetes:core/v1:Service"];
export const INGRESS_TYPES = [
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:networking.k8s.io/v1beta1:Ingress",
    "kubernetes:extensions/v1beta1:Ingress",
];

/** Kind and name for messages, e.g. `Service "web"`. */
export function who(r: PolicyResource): string {
    return `${r.type.split(":").pop()} "${cosmetic(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name}"`;
}

/** Stands for one annotation value that is unknown during preview (the others are read as they are). */
export const COMPUTED = "\u0000(computed)";

/** The resource's annotations; undefined when they are unknown during preview. */
export function annotationsOf(r: PolicyResource): Record<string, string> | undefined {
    return known(() => {
        const a = r.props.metadata?.annotations ?? {};
        const out: Record<string, string> = {};
        for (const k of Object.keys(a)) out[k] = known(() => String(a[k]), COMPUTED);
        return out;
    }, undefined);
}
