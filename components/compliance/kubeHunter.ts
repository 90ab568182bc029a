/**
 * Penetration testing with kube-hunter (the brief's staging stage), OPTIONAL and off by default.
 *
 * Upstream (aquasecurity/kube-hunter) is archived and no longer maintained; its last image is 0.6.8. What covers its
 * ground in this blueprint: the policy pack (exposure, RBAC, PSS) at preview time, the reachability analysis of the
 * network policies (issue 5), and kube-bench's CIS checks. Use this Job for a one-off look from inside the cluster.
 *
 * It runs in pod mode (`--pod`): it hunts from a pod, as an attacker who has compromised one would. The pod has a
 * dedicated ServiceAccount with NO RBAC bindings whose token IS mounted - that is what a compromised pod holds, and
 * what kube-hunter probes the API server with. Passive hunting only (no `--active`). The pod is otherwise restricted
 * (non-root, no capabilities, read-only root, RuntimeDefault seccomp), so its namespace can stay `restricted`.
 * Report: `kubectl logs -n <namespace> job/kube-hunter`.
 */
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import { check, dnsLabel, FieldError, formatFieldErrors, sha256Digest } from "../lib/validators";
import { restrictedPodSecurityContext } from "../lib/security-context";

/** Defaults of {@link KubeHunterArgs}, in one place. */
export const kubeHunterDefaults = {
    /** Last upstream release (archived project). */
    image: "docker.io/aquasec/kube-hunter:0.6.8",
    jobName: "kube-hunter",
    serviceAccountName: "kube-hunter",
} as const;

/** Arguments of {@link KubeHunter}. */
export interface KubeHunterArgs {
    /** Namespace (`restricted` is enough): its SecureNamespace (waited for), or the name of one the caller orders. */
    namespace: NamespaceArg;
    /** Image with an explicit version tag, optionally `@sha256:` digest. Default docker.io/aquasec/kube-hunter:0.6.8. */
    image?: string;
}

/** Validates Args; problems as data, paths naming the arg. Pure. */
export function kubeHunterArgsErrors(a: KubeHunterArgs): FieldError[] {
    const e: FieldError[] = [];
    check(e, "namespace", namespaceName(a.namespace) ?? "", dnsLabel);
    const image = a.image ?? kubeHunterDefaults.image;
    const [ref, digest] = image.split("@");
    const tag = /:([\w][\w.-]{0,127})$/.exec(ref.replace(/^[^/]*\//, ""));
    if (!tag || tag[1] === "latest")
        e.push({ path: "image", value: image, message: "needs an explicit version tag (not latest)" });
    if (digest !== undefined && !sha256Digest.test(digest))
        e.push({ path: "image", value: image, message: `digest must be ${sha256Digest.accepted}` });
    return e;
}

/** Validates Args; one line per problem, naming the arg. */
export function validateKubeHunterArgs(a: KubeHunterArgs): string[] {
    return formatFieldErrors(kubeHunterArgsErrors(a));
}

/** Pure builder of the pod spec. */
export function kubeHunterPodSpec(a: KubeHunterArgs): k8s.types.input.core.v1.PodSpec {
    return {
        serviceAccountName: kubeHunterDefaults.serviceAccountName,
        // Pod mode probes the API server with the pod's own token, like a compromised pod would; the account has no RBAC.
        automountServiceAccountToken: true,
        restartPolicy: "Never",
        securityContext: { ...restrictedPodSecurityContext, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "kube-hunter",
                image: a.image ?? kubeHunterDefaults.image,
                command: ["kube-hunter"],
                args: ["--pod", "--report", "plain", "--log", "warning"],
                securityContext: {
                    allowPrivilegeEscalation: false,
                    privileged: false,
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                },
                resources: {
                    requests: { cpu: "50m", memory: "128Mi" },
                    limits: { cpu: "500m", memory: "512Mi" },
                },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
    };
}

/** kube-hunter as a one-off Job in pod mode. Create it only when `kubeHunter.enabled` is true. */
export class KubeHunter extends pulumi.ComponentResource {
    /** The Job. */
    public readonly job: k8s.batch.v1.Job;

    constructor(name: string, args: KubeHunterArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(validateKubeHunterArgs(args));
        super(
            "blueprint:compliance:KubeHunter",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace])),
        );
        const ns = namespaceName(args.namespace);
        const o: pulumi.CustomResourceOptions = {
            parent: this,
        };
        const labels = { "app.kubernetes.io/name": "kube-hunter", "app.kubernetes.io/part-of": "blueprint" };
        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            { metadata: { name: kubeHunterDefaults.serviceAccountName, namespace: ns, labels } },
            o,
        );
        this.job = new k8s.batch.v1.Job(
            name,
            {
                metadata: {
                    name: kubeHunterDefaults.jobName,
                    namespace: ns,
                    labels,
                    annotations: { "pulumi.com/skipAwait": "true" },
                },
                spec: { backoffLimit: 0, template: { metadata: { labels }, spec: kubeHunterPodSpec(args) } },
            },
            { ...o, dependsOn: [sa] },
        );
        this.registerOutputs({});
    }
}
