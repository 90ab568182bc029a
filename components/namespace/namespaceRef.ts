/**
 * Objects, not names plus dependencies (issue 19): a component that installs into a namespace takes the
 * `SecureNamespace` itself, and waits for it, instead of a name plus a `dependsOn` list its caller must keep in step.
 * A plain name is still accepted (a namespace made elsewhere, e.g. by another stack); then the caller orders it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SecureNamespace } from "./secureNamespace";

/** A namespace: the `SecureNamespace` that creates it (the component waits for it), or its name. */
export type NamespaceArg = string | SecureNamespace;

/** The namespace's name. */
export function namespaceName(ref: NamespaceArg): string;
export function namespaceName(ref: NamespaceArg | undefined): string | undefined;
export function namespaceName(ref: NamespaceArg | undefined): string | undefined {
    return ref === undefined || typeof ref === "string" ? ref : ref.name;
}

/** The resources among `refs` to wait for: the SecureNamespace objects (names carry no dependency). */
export function namespaceResources(refs: readonly (NamespaceArg | undefined)[]): pulumi.Resource[] {
    return refs.filter((r): r is SecureNamespace => r !== undefined && typeof r !== "string");
}

/** `opts` with `extra` added to its `dependsOn` (whatever form the caller gave it in). */
export function withDependsOn<T extends pulumi.ResourceOptions>(
    opts: T | undefined,
    extra: pulumi.Resource[],
): T {
    const o = (opts ?? {}) as T;
    if (extra.length === 0) return o;
    const d = o.dependsOn;
    let dependsOn: pulumi.ResourceOptions["dependsOn"];
    if (d === undefined) dependsOn = extra;
    else if (Array.isArray(d)) dependsOn = [...d, ...extra];
    else if (pulumi.Resource.isInstance(d)) dependsOn = [d, ...extra];
    else
        dependsOn = pulumi
            .output(d as pulumi.Input<pulumi.Input<pulumi.Resource>[]>)
            .apply((xs) => [...xs, ...extra]) as pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
    return { ...o, dependsOn };
}
