/**
 * Vault's contribution to the flow catalogue (components/network/platformFlows.ts), which is the only author of the
 * platform's NetworkPolicies: its webhook, its clients, Raft, the Kubernetes API, KMS and Prometheus. Pure.
 */
import { chartPods, Flow, FlowContext, FlowEnd } from "../network/flows";
import { Labels } from "../network/types";

/** Namespaces whose pods may reach Vault (SecureNamespace's `vaultClient` sets this label). */
export const vaultClientNamespaces: Labels = { "blueprint.io/vault-client": "true" };

export function vaultFlows(ctx: FlowContext): Flow[] {
    const { vault, monitoring } = ctx.ns;
    if (!vault) return [];
    const flows: (Flow | false)[] = [];
    const add = (cond: unknown, f: Flow): void => void flows.push(cond ? f : false);
    const prom = (): FlowEnd => ctx.prometheus!;
    const { apiServer: apiEnd, controlPlane, https: httpsEnd } = ctx;
    const server = { namespace: vault, pods: chartPods.vaultServer };
    add(true, {
        name: "apiserver-vault-injector",
        from: controlPlane,
        to: { namespace: vault, pods: chartPods.vaultInjector },
        ports: [8080],
        why: "the API server calls the injector's mutating webhook",
    });
    add(true, {
        name: "vault-clients",
        from: { namespaceLabels: vaultClientNamespaces },
        to: server,
        ports: [8200],
        why: "Vault agents in app namespaces (label blueprint.io/vault-client=true) log in and read secrets",
    });
    add(true, {
        name: "vault-raft",
        from: server,
        to: server,
        ports: [8200, 8201],
        why: "Raft replication, request forwarding and retry_join between Vault servers",
    });
    add(true, {
        name: "vault-kube-api",
        from: {
            namespace: vault,
            pods: {
                matchExpressions: [
                    {
                        key: "app.kubernetes.io/name",
                        operator: "In",
                        values: ["vault", "vault-agent-injector"],
                    },
                ],
            },
        },
        to: apiEnd,
        ports: [443],
        why: "Kubernetes auth (TokenReview), service registration, and the injector's API access (caBundle patch)",
    });
    add(true, {
        name: "vault-kms",
        from: server,
        to: httpsEnd,
        ports: [443],
        why: "auto-unseal with AWS KMS",
    });
    add(monitoring, {
        name: "prometheus-vault",
        from: prom(),
        to: server,
        ports: [8200],
        why: "Prometheus scrapes /v1/sys/metrics",
    });
    return flows.filter((f): f is Flow => f !== false);
}
