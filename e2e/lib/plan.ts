/**
 * From the guard's `--json` capture to an apply plan for a real API server: which resources are Kubernetes objects
 * (Pulumi-declared ones and, once the guard renders Helm releases, each release's rendered children), in which
 * order, and with which placeholders for values the preview cannot know. Pure: no I/O.
 */
import { k8sKind } from "../../lib/k8s";
import { Obj } from "./kube";

/** One resource of `npm run guard -- --json`. */
export interface GuardResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    inputs?: Obj;
    /** `<chart>@<version>:<template path>` for rendered Helm children. */
    source?: string;
}

export interface PlanItem {
    urn: string;
    type: string;
    /** The object to apply (a copy of the captured inputs with placeholders). */
    object: Obj;
    kind: string;
    apiVersion: string;
    name: string;
    /** The namespace it is applied in (undefined for cluster-scoped kinds the plan knows; the server decides). */
    namespace: string | undefined;
    /** The Helm release (name) it was rendered from, if any. */
    release?: string;
    /** Helm hook phases (`pre-install`, `post-install`, `test`, ...) when it is a chart hook. */
    hooks: string[];
    /** A Pulumi `...Patch` resource: applied after the object it patches. */
    patch: boolean;
    /** Paths where a preview-unknown or secret value was replaced by a placeholder. */
    placeholders: string[];
    /** Applied after the pod admission checks (webhook configurations; see `late`). */
    late: boolean;
}

export interface Skipped {
    urn: string;
    type: string;
    reason: string;
}

export interface Plan {
    items: PlanItem[];
    skipped: Skipped[];
    /** Helm releases of the capture and whether the guard rendered children for them. */
    releases: { urn: string; name: string; namespace: string; rendered: boolean }[];
}

/** Helm v3's install order by kind (pkg/releaseutil/kind_sorter.go); unknown kinds go after these. */
export const helmInstallOrder = [
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/**
 * Webhook configurations are applied last, after the pod checks: their backends are pods, and nothing runs here,
 * so a webhook with failurePolicy Fail would refuse every object it matches for want of a backend, not on merit.
 */
export const lateKinds = new Set(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);

/** Cluster-scoped kinds the platform uses (the server's discovery decides at apply time; this is for the plan). */
const clusterScoped = new Set([
    "Namespace",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "PriorityClass",
    "StorageClass",
    "PersistentVolume",
    "IngressClass",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "RuntimeClass",
    "CSIDriver",
]);

const releaseTypes = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);

export const placeholderText = "e2e-placeholder";
const unknownMarkers = new Set(["[unknown]", "[secret]"]);

/** Why a non-Kubernetes-object resource is not applied. */
function pulumiOnlyReason(type: string): string {
    if (type.startsWith("pulumi:providers:")) return "Pulumi provider";
    if (type === "pulumi:pulumi:Stack") return "Pulumi stack";
    if (/^kubernetes:(yaml|kustomize|helm\.sh)\//.test(type))
        return "Pulumi-only Kubernetes resource (not an API object)";
    const pkg = type.split(":")[0];
    if (["random", "tls", "vault", "aws", "pulumi-nodejs"].includes(pkg))
        return `Pulumi-only resource (${pkg}), not a Kubernetes object`;
    return "component resource (a Pulumi grouping, not a Kubernetes object)";
}

/** The keys API validation requires of a typed Secret (values are only checked for presence, JSON for docker). */
const secretKeys: Record<string, Record<string, string>> = {
    "kubernetes.io/tls": { "tls.crt": placeholderText, "tls.key": placeholderText },
    "kubernetes.io/dockerconfigjson": { ".dockerconfigjson": '{"auths":{}}' },
    "kubernetes.io/dockercfg": { ".dockercfg": "{}" },
    "kubernetes.io/basic-auth": { username: placeholderText, password: placeholderText },
    "kubernetes.io/ssh-auth": { "ssh-privatekey": placeholderText },
};

/**
 * Copies `v`, replacing unknown/secret markers with placeholders valid where they stand; records their paths.
 * `secretType` is the Secret's `type`, so a wholly unknown `stringData`/`data` gets the keys that type requires.
 */
export function withPlaceholders(
    v: unknown,
    kind: string,
    at: string,
    out: string[],
    secretType?: string,
): unknown {
    if (typeof v === "string" && unknownMarkers.has(v)) {
        out.push(`${at}=${v}`);
        const key = at.split(".").pop() ?? "";
        if (kind === "Secret" && (at === "stringData" || at === "data")) {
            const keys = secretKeys[secretType ?? ""] ?? {};
            if (at === "stringData") return { ...keys };
            return Object.fromEntries(
                Object.entries(keys).map(([k, x]) => [k, Buffer.from(x).toString("base64")]),
            );
        }
        // A whole map unknown (e.g. a Secret's stringData built from a random password): an empty map.
        if (["data", "stringData", "labels", "annotations", "binaryData"].includes(key)) return {};
        // A Secret's data value must be base64.
        if (kind === "Secret" && /(^|\.)data\.[^.]+$/.test(at))
            return Buffer.from(placeholderText).toString("base64");
        return placeholderText;
    }
    if (Array.isArray(v)) return v.map((x, i) => withPlaceholders(x, kind, `${at}[${i}]`, out, secretType));
    if (v !== null && typeof v === "object") {
        const o: Obj = {};
        const type = at === "" && typeof (v as Obj).type === "string" ? (v as Obj).type : secretType;
        for (const [k, x] of Object.entries(v))
            o[k] = withPlaceholders(x, kind, at ? `${at}.${k}` : k, out, type);
        return o;
    }
    return v;
}

function hookPhases(obj: Obj): string[] {
    const h = obj?.metadata?.annotations?.["helm.sh/hook"];
    return typeof h === "string"
        ? h
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)
        : [];
}

function hookWeight(obj: Obj): number {
    const w = Number(obj?.metadata?.annotations?.["helm.sh/hook-weight"] ?? 0);
    return Number.isFinite(w) ? w : 0;
}

/** pre-* hooks before the release's objects, post-* after, test hooks last. */
function hookRank(hooks: string[]): number {
    if (hooks.length === 0) return 1;
    if (hooks.some((h) => h.startsWith("pre-"))) return 0;
    if (hooks.some((h) => h.startsWith("post-"))) return 2;
    return 3;
}

function kindRank(kind: string): number {
    const i = helmInstallOrder.indexOf(kind);
    return i < 0 ? helmInstallOrder.length : i;
}

/**
 * Builds the plan. Order: CRDs, then Namespaces, then everything else by hook phase (pre-install, none,
 * post-install, test), hook weight and Helm's kind order, then Pulumi patches; webhook configurations are marked
 * `late`. Ties keep the capture's order (which follows the program's dependencies).
 */
export function planApply(resources: GuardResource[]): Plan {
    const releases = new Map<string, { urn: string; name: string; namespace: string; rendered: boolean }>();
    for (const r of resources)
        if (releaseTypes.has(r.type)) {
            const ns = typeof r.inputs?.namespace === "string" ? r.inputs.namespace : "default";
            const name = typeof r.inputs?.name === "string" ? r.inputs.name : r.name;
            releases.set(r.urn, { urn: r.urn, name, namespace: ns, rendered: false });
        }
    const items: (PlanItem & { order: number[] })[] = [];
    const skipped: Skipped[] = [];
    resources.forEach((r, index) => {
        const k = releaseTypes.has(r.type) ? undefined : k8sKind(r.type);
        if (!k || /^(yaml|kustomize|helm\.sh)$/.test(k.group.split("/")[0] ?? "")) {
            skipped.push({ urn: r.urn, type: r.type, reason: pulumiOnlyReason(r.type) });
            return;
        }
        const release = r.parent ? releases.get(r.parent) : undefined;
        if (release) release.rendered = true;
        const patch = k.kind.endsWith("Patch");
        const kind = patch ? k.kind.slice(0, -"Patch".length) : k.kind;
        const placeholders: string[] = [];
        const object = withPlaceholders(r.inputs ?? {}, kind, "", placeholders) as Obj;
        const apiVersion = k.group === "" ? k.version : `${k.group}/${k.version}`;
        object.apiVersion ??= apiVersion;
        object.kind ??= kind;
        object.metadata ??= {};
        const name = typeof object.metadata.name === "string" ? object.metadata.name : r.name;
        object.metadata.name = name;
        let namespace: string | undefined;
        if (!clusterScoped.has(kind)) {
            // Helm puts an object without a namespace into its release's namespace; kubectl/Pulumi into default.
            namespace = object.metadata.namespace ?? release?.namespace ?? "default";
            object.metadata.namespace = namespace;
        }
        const hooks = hookPhases(object);
        const late = lateKinds.has(kind);
        const phase = kind === "CustomResourceDefinition" ? 0 : kind === "Namespace" ? 1 : patch ? 3 : 2;
        items.push({
            urn: r.urn,
            type: r.type,
            object,
            kind,
            apiVersion: String(object.apiVersion),
            name,
            namespace,
            release: release?.name,
            hooks,
            patch,
            placeholders,
            late,
            order: [phase, hookRank(hooks), hookWeight(object), kindRank(kind), index],
        });
    });
    items.sort((a, b) => {
        for (let i = 0; i < a.order.length; i++)
            if (a.order[i] !== b.order[i]) return a.order[i] - b.order[i];
        return 0;
    });
    return {
        items: items.map(({ order: _order, ...item }) => item),
        skipped,
        releases: [...releases.values()],
    };
}

/** The apiVersion/kind an object of the plan needs served, and whether a CRD of the plan provides it. */
export function crdProvides(items: PlanItem[]): Set<string> {
    const out = new Set<string>();
    for (const i of items) {
        if (i.kind !== "CustomResourceDefinition") continue;
        const spec = i.object.spec ?? {};
        for (const v of (spec.versions ?? []) as Obj[])
            out.add(`${spec.group}/${v.name}/${spec.names?.kind}`);
    }
    return out;
}
