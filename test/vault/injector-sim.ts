/**
 * A model of what the vault-k8s injector (1.7.x, agent-inject/agent/*.go) does to a pod carrying its annotations:
 * it adds the `vault-agent-init` init container and the `vault-agent` sidecar, each with the security context of
 * Agent.securityContext() when `agent-set-security-context` is true, then applies `agent-init-json-patch` /
 * `agent-json-patch`; it adds in-memory emptyDir volumes and the `tls-secret` Secret volume, and mounts
 * /vault/secrets into the app containers. Only what matters for Pod Security is modelled.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are untyped Kubernetes JSON */
type Obj = Record<string, any>;

const P = "vault.hashicorp.com/";

/** RFC 6902 "add" (the only op our annotations use); other ops throw so the model never silently diverges. */
export function applyJsonPatch(doc: Obj, patch: string): Obj {
    const out = JSON.parse(JSON.stringify(doc));
    for (const op of JSON.parse(patch) as Array<{ op: string; path: string; value: unknown }>) {
        if (op.op !== "add") throw new Error(`model supports only "add", got ${op.op}`);
        const parts = op.path
            .split("/")
            .slice(1)
            .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
        let node = out;
        for (const p of parts.slice(0, -1)) {
            if (node[p] === undefined) throw new Error(`json patch: path ${op.path} does not exist`); // as evanphx/json-patch
            node = node[p];
        }
        node[parts[parts.length - 1]] = op.value;
    }
    return out;
}

/** The injector's defaults when an annotation is absent: its AGENT_INJECT_* env (our chart values) or vault-k8s' own. */
export interface InjectorEnv {
    AGENT_INJECT_SET_SECURITY_CONTEXT?: string;
    AGENT_INJECT_RUN_AS_USER?: string;
    AGENT_INJECT_RUN_AS_GROUP?: string;
}

function agentSecurityContext(ann: Obj, env: InjectorEnv): Obj | undefined {
    const set =
        (ann[`${P}agent-set-security-context`] ?? env.AGENT_INJECT_SET_SECURITY_CONTEXT ?? "true") === "true";
    if (!set) return undefined;
    const uid = Number(ann[`${P}agent-run-as-user`] ?? env.AGENT_INJECT_RUN_AS_USER ?? 100);
    const gid = Number(ann[`${P}agent-run-as-group`] ?? env.AGENT_INJECT_RUN_AS_GROUP ?? 1000);
    return {
        runAsUser: uid,
        runAsGroup: gid,
        runAsNonRoot: !(uid === 0 || gid === 0),
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        allowPrivilegeEscalation: false,
    };
}

/** Returns the pod as admitted after the injector's mutation. */
export function inject(
    pod: { metadata: Obj; spec: Obj },
    env: InjectorEnv = {},
): { metadata: Obj; spec: Obj } {
    const ann: Obj = pod.metadata.annotations ?? {};
    if (ann[`${P}agent-inject`] !== "true") return pod;
    const sc = agentSecurityContext(ann, env);
    const base = (name: string): Obj => ({
        name,
        image: "hashicorp/vault:2.0.4",
        command: ["/bin/sh", "-ec"],
        volumeMounts: [
            { name: `home-${name === "vault-agent" ? "sidecar" : "init"}`, mountPath: "/home/vault" },
            { name: "vault-secrets", mountPath: "/vault/secrets" },
            ...(ann[`${P}tls-secret`]
                ? [{ name: "vault-tls-secrets", mountPath: "/vault/tls", readOnly: true }]
                : []),
        ],
        ...(sc ? { securityContext: { ...sc, capabilities: { drop: [...sc.capabilities.drop] } } } : {}),
    });
    let init = base("vault-agent-init");
    let sidecar = base("vault-agent");
    if (ann[`${P}agent-init-json-patch`]) init = applyJsonPatch(init, ann[`${P}agent-init-json-patch`]);
    if (ann[`${P}agent-json-patch`]) sidecar = applyJsonPatch(sidecar, ann[`${P}agent-json-patch`]);
    const prePopulate = (ann[`${P}agent-pre-populate`] ?? "true") === "true";
    const spec = JSON.parse(JSON.stringify(pod.spec));
    spec.volumes = [
        ...(spec.volumes ?? []),
        { name: "home-init", emptyDir: { medium: "Memory" } },
        { name: "home-sidecar", emptyDir: { medium: "Memory" } },
        { name: "vault-secrets", emptyDir: { medium: "Memory" } },
        ...(ann[`${P}tls-secret`]
            ? [{ name: "vault-tls-secrets", secret: { secretName: ann[`${P}tls-secret`] } }]
            : []),
    ];
    spec.containers = spec.containers.map((c: Obj) => ({
        ...c,
        volumeMounts: [...(c.volumeMounts ?? []), { name: "vault-secrets", mountPath: "/vault/secrets" }],
    }));
    spec.containers.push(sidecar);
    if (prePopulate) spec.initContainers = [init, ...(spec.initContainers ?? [])];
    return { metadata: pod.metadata, spec };
}
