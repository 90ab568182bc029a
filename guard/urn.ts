/**
 * URNs as the engine computes them: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the
 * qualified type is the parent's qualified type, `$`, then the type — except that children of the root
 * `pulumi:pulumi:Stack` do not carry the stack's type. (Pulumi's mock monitor keeps only the parent's last type.)
 */
export const rootStackType = "pulumi:pulumi:Stack";

export function qualifiedTypeOf(urn: string): string {
    return urn.split("::")[2] ?? "";
}

export function makeUrn(
    stack: string,
    project: string,
    parentUrn: string | undefined,
    type: string,
    name: string,
): string {
    let qualified = type;
    if (parentUrn) {
        const parentQualified = qualifiedTypeOf(parentUrn);
        if (parentQualified !== rootStackType) qualified = `${parentQualified}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** `aws:eks/cluster:Cluster` -> `aws`. */
export function packageOf(type: string): string {
    return type.split(":")[0];
}

/** URN of the engine's default provider for a package at a version. */
export function defaultProviderUrn(stack: string, project: string, pkg: string, version: string): string {
    const suffix = version ? `_${version.replace(/[.-]/g, "_")}` : "";
    return `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::default${suffix}`;
}
