/**
 * A pod that never calls the Kubernetes API should not carry an API token: a compromised container would reuse
 * it (CIS EKS 4.1.6, the brief's R8). Workloads that need the API are exempted in config, with a reason.
 *
 * Kubernetes mounts the token unless the pod says `automountServiceAccountToken: false`, or leaves it unset and
 * its ServiceAccount says false. So this is a stack policy: a pod that leaves it unset is judged with its
 * ServiceAccount from the same stack (one O(n) index). When that account is not in the stack (or its setting is
 * unknown during preview), the outcome cannot be decided here and is reported as advisory. A projected
 * `serviceAccountToken` volume mounts a token whatever automount says, so it is reported too.
 */
import { k8sKind } from "../../lib/k8s";
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { POD_TYPES, label, podOf } from "./pod";
import { celStringList } from "../lib/admission";

const podTypes = new Set(POD_TYPES);
const UNKNOWN = "\u0000unknown";

/** ServiceAccounts of the stack by `namespace/name`: their automountServiceAccountToken (UNKNOWN when unknown). */
function accountIndex(resources: PolicyResource[]): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const r of resources) {
        const k = k8sKind(r.type);
        if (k?.group !== "" || k.kind !== "ServiceAccount") continue;
        const name = known(() => r.props.metadata?.name as string | undefined, undefined);
        const ns = known(() => (r.props.metadata?.namespace as string | undefined) || "default", undefined);
        if (!name || !ns) continue;
        out.set(
            `${ns}/${name}`,
            known(() => r.props.automountServiceAccountToken as unknown, UNKNOWN),
        );
    }
    return out;
}

/**
 * Audiences that make a projected token a Kubernetes API credential. A projected token without `audience` gets the
 * API server's own audience; EKS' API server also accepts its issuer's default. A token bound to another audience
 * (e.g. `vault`) is rejected by the API server's TokenReview for API calls, so it is not an API credential.
 */
const apiAudiences = new Set([
    "",
    "https://kubernetes.default.svc",
    "https://kubernetes.default.svc.cluster.local",
    "kubernetes",
]);

/** Projected serviceAccountToken sources of a pod: the volume's name and whether it is an API credential. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pod specs are untyped JSON
function projectedTokenVolumes(spec: Record<string, any>): { api: string[]; undecided: string[] } {
    const volumes = known(() => (Array.isArray(spec.volumes) ? [...spec.volumes] : []), [] as unknown[]);
    const out = { api: [] as string[], undecided: [] as string[] };
    volumes.forEach((v, i) => {
        const sources = known(
            () => ((v as { projected?: { sources?: unknown[] } })?.projected?.sources ?? []) as unknown[],
            [] as unknown[],
        );
        const name = String(known(() => (v as { name?: string }).name, undefined) ?? i);
        for (const s of sources) {
            const token = known(
                () => (s as { serviceAccountToken?: unknown })?.serviceAccountToken,
                undefined,
            );
            if (token === undefined || token === null) continue;
            const audience = known<unknown>(() => (token as { audience?: unknown }).audience ?? "", UNKNOWN);
            if (audience === UNKNOWN) out.undecided.push(name);
            else if (typeof audience !== "string" || apiAudiences.has(audience)) out.api.push(name);
        }
    });
    return out;
}

export const automountServiceAccountToken: StackPolicy = {
    kind: "stack",
    name: "automount-service-account-token",
    since: "0.1.0",
    description:
        "Pods do not mount a service account token (automountServiceAccountToken: false on the pod, or unset on " +
        "the pod and false on its ServiceAccount; no projected serviceAccountToken volume for the API server's " +
        "audience) unless the workload " +
        "needs the Kubernetes API.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set spec.automountServiceAccountToken: false in the pod template (or on its ServiceAccount, in the same " +
        "stack), and give any projected serviceAccountToken volume an explicit non-API `audience` (e.g. vault). If " +
        "the workload calls the Kubernetes " +
        "API, give it its own least-privilege ServiceAccount and add an exemption {namespace, name, reason} for it.",
    frameworks: {
        cisEks: ["4.1.5", "4.1.6"],
        nsa: "Disable service account token automount where not needed",
        brief: ["R8", "C5"],
    },
    // Admission judges the pod as the ServiceAccount admission plugin leaves it: when neither the pod nor its
    // ServiceAccount opts out, that plugin (which mutates before validation) has added the projected
    // kube-api-access token volume, which the projected-token check refuses.
    admission: {
        match: "pods",
        variables: [
            {
                name: "apiTokenVolumes",
                expression:
                    "has(variables.podSpec.volumes) ? variables.podSpec.volumes.filter(v, has(v.projected) && " +
                    "has(v.projected.sources) && v.projected.sources.exists(s, has(s.serviceAccountToken) && " +
                    "(!has(s.serviceAccountToken.audience) || type(s.serviceAccountToken.audience) != string || " +
                    `s.serviceAccountToken.audience in ${celStringList([...apiAudiences])}))).map(v, has(v.name) ? v.name : '?') : []`,
            },
        ],
        validations: [
            {
                expression:
                    "!has(variables.podSpec.automountServiceAccountToken) || " +
                    "variables.podSpec.automountServiceAccountToken == false",
                messageExpression:
                    "variables.label + ' mounts a service account token (spec.automountServiceAccountToken is ' + " +
                    "string(variables.podSpec.automountServiceAccountToken) + '); " +
                    "set it to false or exempt the workload with a reason.'",
            },
            {
                expression: "size(variables.apiTokenVolumes) == 0",
                messageExpression:
                    "variables.label + ' mounts a Kubernetes API token through projected volume(s) ' + " +
                    "variables.apiTokenVolumes.join(', ') + ' (serviceAccountToken source without a non-API audience).'",
            },
        ],
        differences:
            "A pod that leaves spec.automountServiceAccountToken unset is judged at preview with its ServiceAccount " +
            "from the stack (not verified when the account is not in the stack). At admission the ServiceAccount " +
            "admission plugin has already decided: it adds the projected kube-api-access token volume unless the " +
            "ServiceAccount says false, and that volume is refused. The offline fixtures (objects before that " +
            "plugin) carry no such volume.",
    },
    check(resources) {
        const accounts = accountIndex(resources);
        const out: Finding[] = [];
        for (const r of resources) {
            if (!podTypes.has(r.type)) continue;
            const pod = podOf(r);
            if (!pod) continue;
            const projected = projectedTokenVolumes(pod.spec);
            if (projected.api.length)
                out.push({
                    message:
                        `${label(pod)} mounts a Kubernetes API token through projected volume(s) ` +
                        `${projected.api.map((v) => `"${v}"`).join(", ")} (serviceAccountToken source without a ` +
                        `non-API audience), whatever automountServiceAccountToken says.`,
                    urn: r.urn,
                });
            if (projected.undecided.length)
                out.push({
                    message: `${label(pod)}: the audience of projected token volume(s) ${projected.undecided.map((v) => `"${v}"`).join(", ")} is unknown until apply, so whether it is a Kubernetes API token`,
                    urn: r.urn,
                    undecided: true,
                });
            const automount = known(() => pod.spec.automountServiceAccountToken as unknown, UNKNOWN);
            if (automount === false) continue;
            if (automount === UNKNOWN) {
                out.push({
                    message: `${label(pod)}: spec.automountServiceAccountToken is unknown until apply, so whether it mounts a token`,
                    urn: r.urn,
                    undecided: true,
                });
                continue;
            }
            if (automount === undefined || automount === null) {
                const sa = known(
                    () =>
                        (pod.spec.serviceAccountName as string | undefined) ||
                        (pod.spec.serviceAccount as string | undefined) ||
                        "default",
                    UNKNOWN,
                );
                const ns = pod.namespaceKnown ? pod.namespace || "default" : UNKNOWN;
                const key = `${ns}/${sa}`;
                const inStack = accounts.has(key);
                const account = sa === UNKNOWN || ns === UNKNOWN ? UNKNOWN : accounts.get(key);
                if (account === false) continue;
                if (!inStack || account === UNKNOWN) {
                    out.push({
                        message:
                            `${label(pod)} leaves spec.automountServiceAccountToken unset and its ServiceAccount ` +
                            (sa === UNKNOWN || ns === UNKNOWN
                                ? "is unknown until apply"
                                : account === UNKNOWN
                                  ? `"${ns}/${sa}" has automountServiceAccountToken unknown until apply`
                                  : `"${ns}/${sa}" is not in this stack`) +
                            ", so whether a token is mounted",
                        urn: r.urn,
                        undecided: true,
                    });
                    continue;
                }
                out.push({
                    message:
                        `${label(pod)} mounts a service account token: spec.automountServiceAccountToken is unset and ` +
                        `ServiceAccount "${ns}/${sa}" does not set it to false; set it to false or exempt the workload with a reason.`,
                    urn: r.urn,
                });
                continue;
            }
            out.push({
                message:
                    `${label(pod)} mounts a service account token (spec.automountServiceAccountToken is ` +
                    `${String(automount)}); set it to false or exempt the workload with a reason.`,
                urn: r.urn,
            });
        }
        return out;
    },
};
