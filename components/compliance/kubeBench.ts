/**
 * CIS benchmarking with kube-bench (the brief's staging stage; F2 container compliance, Q6 "has the cluster been
 * hardened?"). A weekly CronJob and a run-once Job, adapted from kube-bench v0.15.6 `job-eks.yaml`:
 *
 * - `--benchmark eks-1.8.0` (upstream's manifest still says eks-1.5.0; v0.15.6 ships cfg/eks-1.8.0);
 * - image pinned by version, and by digest when `imageDigest` is given (see {@link kubeBenchDefaults});
 * - hostPID and the three hostPath mounts of job-eks.yaml, all read-only: kube-bench inspects the kubelet process and
 *   its config files. These need a `privileged` namespace of its own, with a reviewed exemption;
 * - a dedicated ServiceAccount with no RBAC and no token: node checks read the host, not the API;
 * - no privilege escalation, all capabilities dropped, read-only root filesystem, RuntimeDefault seccomp. It runs as
 *   UID 0 because the kubelet files it inspects are root-owned with mode 0600/0644; without capabilities, root can
 *   read only what root owns.
 *
 * Results go to the pod logs: `kubectl logs -n <namespace> job/<jobName>` (see docs/incident-guide.md). A Job runs on
 * one node; set `nodeSelector` to choose it.
 */
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    check,
    cron,
    dnsLabel,
    FieldError,
    formatFieldErrors,
    matches,
    sha256Digest,
} from "../lib/validators";

/** Defaults of {@link KubeBenchArgs}, in one place. */
export const kubeBenchDefaults = {
    /** The v0.15.6 release image, by version. */
    image: "docker.io/aquasec/kube-bench:v0.15.6",
    /**
     * Digest of `docker.io/aquasec/kube-bench:v0.15.6`, as pinned by public users of that release. It could not be
     * pulled from here (no registry access): verify it once with `crane digest docker.io/aquasec/kube-bench:v0.15.6`
     * before production, or set your mirror's digest (`kubeBench.imageDigest`). A wrong digest fails the pull
     * (safe), it never runs another image.
     */
    imageDigest: "sha256:861900910eec45b54a97e4a2af81b16fae7203d768f7f8e7de3b7456807870f5",
    benchmark: "eks-1.8.0",
    targets: ["node", "policies", "managedservices", "controlplane"],
    /** Weekly, Sunday 03:00. */
    schedule: "0 3 * * 0",
    serviceAccountName: "kube-bench",
    cronJobName: "kube-bench-weekly",
    jobName: "kube-bench-run-once",
    runOnce: true,
    /** Keep finished Jobs (and so their logs) for a week. */
    ttlSecondsAfterFinished: 7 * 24 * 3600,
} as const;

/** The host paths kube-bench reads, from job-eks.yaml, all mounted read-only. */
export const kubeBenchHostPaths = [
    { name: "var-lib-kubelet", path: "/var/lib/kubelet" },
    { name: "etc-systemd", path: "/etc/systemd" },
    { name: "etc-kubernetes", path: "/etc/kubernetes" },
] as const;

/** Arguments of {@link KubeBench}. */
export interface KubeBenchArgs {
    /**
     * Namespace (PSA `privileged` with a reviewed exemption: hostPID + hostPath): its SecureNamespace (waited for), or
     * the name of one the caller creates and orders.
     */
    namespace: NamespaceArg;
    /** Image reference without digest, with an explicit version tag (never `latest`). Default the v0.15.6 image. */
    image?: string;
    /**
     * `sha256:<64 hex>` digest of `image`, appended as `image@digest`. Default: the v0.15.6 digest
     * ({@link kubeBenchDefaults}); `""` opts out (tag only, reported by the advisory digest policy).
     */
    imageDigest?: string;
    /** CIS benchmark version passed to `--benchmark`. Default "eks-1.8.0". */
    benchmark?: string;
    /** Cron schedule of the CronJob (5 fields). Default "0 3 * * 0" (weekly). */
    schedule?: string;
    /** Also create a Job that runs once at deployment. Default true. */
    runOnce?: boolean;
    /** Node selector for the pods (a Job inspects one node). Default none. */
    nodeSelector?: Record<string, string>;
}

/** Validates Args; problems as data, paths naming the arg. Pure. */
export function kubeBenchArgsErrors(a: KubeBenchArgs): FieldError[] {
    const e: FieldError[] = [];
    check(e, "namespace", namespaceName(a.namespace) ?? "", dnsLabel);
    const image = a.image ?? kubeBenchDefaults.image;
    const tag = /:([\w][\w.-]{0,127})$/.exec(image.replace(/^[^/]*\//, ""));
    if (image.includes("@"))
        e.push({ path: "image", value: image, message: "must not contain a digest; pass it in imageDigest" });
    else if (!tag || tag[1] === "latest")
        e.push({
            path: "image",
            value: image,
            message: "needs an explicit version tag (not latest), e.g. docker.io/aquasec/kube-bench:v0.15.6",
        });
    if (a.imageDigest !== undefined && a.imageDigest !== "")
        check(e, "imageDigest", a.imageDigest, sha256Digest);
    if (a.benchmark !== undefined)
        check(
            e,
            "benchmark",
            a.benchmark,
            matches(BENCHMARK_ID, "a kube-bench benchmark id such as eks-1.8.0"),
        );
    check(e, "schedule", a.schedule ?? kubeBenchDefaults.schedule, cron);
    for (const [k, v] of Object.entries(a.nodeSelector ?? {}))
        if (!/^[\w./-]{1,253}$/.test(k) || !/^[\w.-]{0,63}$/.test(v))
            e.push({ path: "nodeSelector", value: `${k}=${v}`, message: "must be a valid label selector" });
    return e;
}

const BENCHMARK_ID = /^eks-\d+\.\d+\.\d+$|^cis-\d+\.\d+$|^(aks|gke)-\d+\.\d+\.\d+$/;

/** Validates Args; one line per problem, naming the arg. */
export function validateKubeBenchArgs(a: KubeBenchArgs): string[] {
    return formatFieldErrors(kubeBenchArgsErrors(a));
}

/** The full image reference: `image@digest` when a digest is given. */
export function kubeBenchImage(a: Pick<KubeBenchArgs, "image" | "imageDigest">): string {
    const image = a.image ?? kubeBenchDefaults.image;
    // The default digest belongs to the default image only; a custom image brings its own digest (or none).
    const digest = a.imageDigest ?? (a.image === undefined ? kubeBenchDefaults.imageDigest : undefined);
    return digest ? `${image}@${digest}` : image;
}

/** Pure builder of the pod spec shared by the Job and the CronJob (adapted from job-eks.yaml). */
export function kubeBenchPodSpec(a: KubeBenchArgs): k8s.types.input.core.v1.PodSpec {
    return {
        serviceAccountName: kubeBenchDefaults.serviceAccountName,
        automountServiceAccountToken: false,
        hostPID: true,
        restartPolicy: "Never",
        ...(a.nodeSelector ? { nodeSelector: a.nodeSelector } : {}),
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "kube-bench",
                image: kubeBenchImage(a),
                imagePullPolicy: "IfNotPresent",
                command: [
                    "kube-bench",
                    "run",
                    "--targets",
                    kubeBenchDefaults.targets.join(","),
                    "--benchmark",
                    a.benchmark ?? kubeBenchDefaults.benchmark,
                ],
                securityContext: {
                    runAsUser: 0,
                    runAsNonRoot: false,
                    privileged: false,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                },
                resources: {
                    requests: { cpu: "50m", memory: "64Mi" },
                    limits: { cpu: "500m", memory: "256Mi" },
                },
                volumeMounts: [
                    ...kubeBenchHostPaths.map((h) => ({ name: h.name, mountPath: h.path, readOnly: true })),
                    { name: "tmp", mountPath: "/tmp" },
                ],
            },
        ],
        volumes: [
            ...kubeBenchHostPaths.map((h) => ({ name: h.name, hostPath: { path: h.path } })),
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        ],
    };
}

/** kube-bench: ServiceAccount, weekly CronJob and (optionally) a run-once Job. */
export class KubeBench extends pulumi.ComponentResource {
    /** The weekly CronJob. */
    public readonly cronJob: k8s.batch.v1.CronJob;
    /** The run-once Job, when `runOnce`. */
    public readonly job?: k8s.batch.v1.Job;

    constructor(name: string, args: KubeBenchArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(validateKubeBenchArgs(args));
        super(
            "blueprint:compliance:KubeBench",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace])),
        );
        const ns = namespaceName(args.namespace);
        const o: pulumi.CustomResourceOptions = {
            parent: this,
        };
        const d = kubeBenchDefaults;
        const labels = { "app.kubernetes.io/name": "kube-bench", "app.kubernetes.io/part-of": "blueprint" };
        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: { name: d.serviceAccountName, namespace: ns, labels },
                automountServiceAccountToken: false,
            },
            o,
        );
        const template = { metadata: { labels }, spec: kubeBenchPodSpec(args) };
        this.cronJob = new k8s.batch.v1.CronJob(
            `${name}-weekly`,
            {
                metadata: { name: d.cronJobName, namespace: ns, labels },
                spec: {
                    schedule: args.schedule ?? d.schedule,
                    concurrencyPolicy: "Forbid",
                    successfulJobsHistoryLimit: 4,
                    failedJobsHistoryLimit: 4,
                    jobTemplate: {
                        spec: {
                            backoffLimit: 0,
                            ttlSecondsAfterFinished: d.ttlSecondsAfterFinished,
                            template,
                        },
                    },
                },
            },
            { ...o, dependsOn: [sa] },
        );
        if (args.runOnce ?? d.runOnce)
            this.job = new k8s.batch.v1.Job(
                `${name}-run-once`,
                {
                    // Do not block the deployment on the benchmark: its result is read from the logs.
                    metadata: {
                        name: d.jobName,
                        namespace: ns,
                        labels,
                        annotations: { "pulumi.com/skipAwait": "true" },
                    },
                    // No TTL: a deleted Job would be re-created (and re-run) by the next `pulumi up`.
                    spec: { backoffLimit: 0, template },
                },
                { ...o, dependsOn: [sa] },
            );
        this.registerOutputs({});
    }
}
