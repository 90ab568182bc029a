/**
 * A fail-closed admission webhook (`failurePolicy: Fail`, the default of admissionregistration/v1) blocks every
 * request it selects while its backend is down. If it selects kube-system, its own namespace or the platform's
 * namespaces, one outage stops the pods that would repair it: CoreDNS, the CNI, the webhook's own replicas, the
 * monitoring that pages someone (issue 13, item 6: Vault's injector selected every namespace but two).
 *
 * Stack policy: each webhook's namespaceSelector is evaluated against each protected namespace's labels, i.e.
 * `kubernetes.io/metadata.name` plus the labels the stack gives that Namespace. An absent or empty selector selects
 * every namespace. Exempt a webhook (by name/kind) with a reason when it must guard those namespaces. Unknown values
 * never cause a finding.
 */
import { k8sKind } from "../../lib/k8s";
import { SelectorLike, selectorMatches } from "../../lib/labels";
import { Finding, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { platformNamespaceNames } from "../../lib/platformNamespaces";
import { defaultSystemNamespaces, namespaceIndex } from "./psa-index";

/** The blueprint's platform namespaces (config `platformNamespaces` replaces the list). */
export const defaultPlatformNamespaces: string[] = Object.values(platformNamespaceNames);

const WEBHOOK_KINDS = new Set(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);

export const admissionWebhookFailClosedScope: StackPolicy = {
    kind: "stack",
    name: "admission-webhook-fail-closed-scope",
    since: "0.1.0",
    description:
        "A fail-closed admission webhook does not select kube-system, its own namespace or the platform namespaces.",
    enforcementLevel: "advisory",
    severity: "high",
    remediation:
        "Select only the namespaces that need the webhook, by an opt-in label (e.g. namespaceSelector.matchLabels " +
        '{ "blueprint.io/vault-client": "true" }), or exclude the protected namespaces; otherwise exempt the webhook ' +
        "with a reason in policy config.",
    previewOnly:
        "a webhook's namespaceSelector is judged against the labels of the protected namespaces, which are other objects: admission sees only the webhook configuration. Judged with the namespaces' names alone, a selector that leaves them out by label (e.g. NotIn blueprint.io/tier=platform) would be refused although it is right",
    frameworks: { nsa: "Admission control: availability of the control plane", brief: ["C5", "Q10"] },
    configSchema: {
        platformNamespaces: {
            type: "array",
            items: { type: "string" },
            default: defaultPlatformNamespaces,
            description: "Namespaces a fail-closed webhook must not select, besides kube-system and its own.",
        },
    },
    check(resources, config) {
        const platform: string[] = config.platformNamespaces ?? defaultPlatformNamespaces;
        const nsIndex = namespaceIndex(resources);
        const labelsOf = (ns: string): Record<string, string> | undefined => {
            const entry = nsIndex.get(ns);
            if (entry && entry.labels === undefined) return undefined;
            return { ...(entry?.labels ?? {}), "kubernetes.io/metadata.name": ns };
        };
        const out: Finding[] = [];
        for (const r of resources) {
            const k = k8sKind(r.type);
            if (!k || k.group !== "admissionregistration.k8s.io" || !WEBHOOK_KINDS.has(k.kind)) continue;
            const webhooks = known<unknown>(() => r.props.webhooks, undefined);
            if (!Array.isArray(webhooks)) continue;
            const config = known(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name;
            for (const w of webhooks as Record<string, unknown>[]) {
                const failurePolicy = known(
                    () =>
                        (w?.failurePolicy as string | undefined) ?? (k.version === "v1" ? "Fail" : "Ignore"),
                    "Ignore",
                );
                if (failurePolicy !== "Fail") continue;
                const sel = known<SelectorLike | undefined | "?">(
                    () => JSON.parse(JSON.stringify(w?.namespaceSelector ?? null)) ?? undefined,
                    "?",
                );
                if (sel === "?") continue;
                const own = known(
                    () => (w?.clientConfig as { service?: { namespace?: string } })?.service?.namespace,
                    undefined,
                );
                const protectedNs = [
                    ...new Set([...defaultSystemNamespaces.slice(0, 1), ...(own ? [own] : []), ...platform]),
                ];
                const hit = protectedNs.filter((ns) => {
                    const labels = labelsOf(ns);
                    return labels !== undefined && selectorMatches(sel, labels);
                });
                if (hit.length)
                    out.push({
                        urn: r.urn,
                        message: `${k.kind} "${config}" webhook "${String(w?.name ?? "?")}" fails closed (failurePolicy Fail) and selects ${hit.join(", ")}: an outage of its backend blocks pod creation there.`,
                    });
            }
        }
        return out;
    },
};
