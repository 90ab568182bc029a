/**
 * Harbor's two phases, like Vault's: the first `pulumi up` installs Harbor, but its API at https://<host>/api/v2.0
 * cannot answer yet (no ingress controller address, no DNS record, no TLS certificate for <host>). HarborProject calls
 * that API, so projects wait for phase 2, which the operator opens with `harbor.apiReachable=true`.
 */

/** The one-line "pending" message, or undefined when projects can be created now. Pure. */
export function harborProjectsPending(input: {
    enabled: boolean;
    apiReachable: boolean;
    host: string;
    projects: string[];
}): string | undefined {
    if (!input.enabled || input.apiReachable || input.projects.length === 0) return undefined;
    return (
        `Harbor projects pending (${input.projects.join(", ")}): point DNS for ${input.host} at the ingress, ` +
        `make its TLS certificate valid, check that curl https://${input.host}/api/v2.0/ping answers "Pong", ` +
        "then pulumi config set harbor.apiReachable true and pulumi up again."
    );
}
