/**
 * Admission fixtures of the workload policies added for issue 18: sysctl values, hostPath PersistentVolumes and
 * StorageClasses, Secrets with literal data, service account tokens, image registries, and the app-tier policies
 * (whose fixtures carry the app-tier Namespace they land in).
 */
import { Obj } from "../../policy-pack/admission/generate";
import { AdmissionFixture, deployment, goodContainer, goodImage, namespace, pod } from "./objects";

const c = goodContainer;
/** An app-tier namespace, as SecureNamespace labels it. */
export const appNamespace = namespace("team-app", { "blueprint.io/tier": "app" });
const inApp = (o: Obj): Obj => ({ ...o, metadata: { ...o.metadata, namespace: "team-app" } });

function pv(name: string, source: Obj): Obj {
    return {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name },
        spec: {
            capacity: { storage: "1Gi" },
            accessModes: ["ReadWriteOnce"],
            storageClassName: "manual",
            ...source,
        },
    };
}
const storageClass = (name: string, provisioner: string): Obj => ({
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name },
    provisioner,
});
const secret = (name: string, ns: string, extra: Obj): Obj => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: ns },
    ...extra,
});
const projected = (audience?: string): Obj => ({
    volumes: [
        {
            name: "token",
            projected: {
                sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600, ...(audience ? { audience } : {}) } }],
            },
        },
    ],
}); // prettier-ignore

export const workloadFixtures: AdmissionFixture[] = [
    // sysctl-value-injection
    { id: "sysctl-pass", policy: "sysctl-value-injection", expect: "pass",
      object: pod("sysctl-ok", [c()], { securityContext: { sysctls: [{ name: "net.ipv4.ip_local_port_range", value: "32768 60999" }] } }) },
    { id: "sysctl-fail", policy: "sysctl-value-injection", expect: "fail",
      object: deployment("sysctl-evil", [c()], { securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "1+kernel.core_pattern=|/evil" }] } }) },
    // persistent-volume-host-path
    { id: "pv-fail-hostpath", policy: "persistent-volume-host-path", expect: "fail", object: pv("pv-host", { hostPath: { path: "/var/lib/kubelet" } }) },
    { id: "pv-fail-local", policy: "persistent-volume-host-path", expect: "fail",
      object: pv("pv-local", { local: { path: "/mnt/disk" }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["n1"] }] }] } } }) },
    { id: "pv-pass-csi", policy: "persistent-volume-host-path", expect: "pass",
      object: pv("pv-ebs", { csi: { driver: "ebs.csi.aws.com", volumeHandle: "vol-0123456789abcdef0" } }) },
    { id: "sc-fail-local-path", policy: "persistent-volume-host-path", expect: "fail", object: storageClass("local-path", "rancher.io/local-path") },
    { id: "sc-pass-ebs", policy: "persistent-volume-host-path", expect: "pass", object: storageClass("gp3", "ebs.csi.aws.com") },
    // secrets-from-vault
    { id: "secret-fail-opaque", policy: "secrets-from-vault", expect: "fail", object: secret("db", "apps", { stringData: { password: "x" } }) },
    { id: "secret-pass-tls", policy: "secrets-from-vault", expect: "pass",
      object: secret("cert", "apps", { type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } }) },
    { id: "secret-pass-system", policy: "secrets-from-vault", expect: "pass", object: secret("sys", "kube-system", { data: { a: "Yg==" } }) },
    { id: "secret-pass-empty", policy: "secrets-from-vault", expect: "pass", object: secret("empty", "apps", {}) },
    { id: "secret-pass-helm-release", policy: "secrets-from-vault", expect: "pass",
      object: secret("sh.helm.release.v1.web.v1", "apps", { type: "helm.sh/release.v1", data: { release: "SDRzSQ==" } }) },
    // automount-service-account-token (the pod's own part; an unset field is the ServiceAccount's, preview-only)
    { id: "automount-pass-false", policy: "automount-service-account-token", expect: "pass",
      object: pod("no-token", [c()], { automountServiceAccountToken: false }) },
    { id: "automount-pass-unset", policy: "automount-service-account-token", expect: "pass", object: pod("unset-token", [c()]) },
    { id: "automount-fail-true", policy: "automount-service-account-token", expect: "fail",
      object: deployment("token", [c()], { automountServiceAccountToken: true }) },
    { id: "automount-fail-projected", policy: "automount-service-account-token", expect: "fail",
      object: pod("projected", [c()], { automountServiceAccountToken: false, ...projected() }) },
    { id: "automount-pass-projected-vault", policy: "automount-service-account-token", expect: "pass",
      object: pod("projected-vault", [c()], { automountServiceAccountToken: false, ...projected("vault") }) },
    // allowed-image-registries (default config: `registries` everywhere, app tier too without Harbor)
    { id: "registry-pass", policy: "allowed-image-registries", expect: "pass", object: pod("reg-ok", [c()]) },
    { id: "registry-pass-port-443", policy: "allowed-image-registries", expect: "pass",
      object: pod("reg-443", [c({ image: "REGISTRY.k8s.io:443/pause:3.10" })]) },
    { id: "registry-fail-hub", policy: "allowed-image-registries", expect: "fail", object: pod("reg-hub", [c({ image: "nginx:1.27" })]) },
    { id: "registry-fail-prefix", policy: "allowed-image-registries", expect: "fail",
      object: deployment("reg-prefix", [c({ image: "docker.io/aquasecurity-fake/trivy:1" })]) },
    { id: "registry-pass-hub-namespace", policy: "allowed-image-registries", expect: "pass",
      object: deployment("reg-hub-ns", [c({ image: "index.docker.io/aquasec/kube-bench:v0.9.0" })]) },
    { id: "registry-fail-malformed", policy: "allowed-image-registries", expect: "fail",
      object: pod("reg-bad", [c({ image: "registry.k8s.io/pause:" })]) },
    // app-image-digest-pinned (app tier only)
    { id: "app-digest-pass", policy: "app-image-digest-pinned", expect: "pass", namespace: appNamespace, object: inApp(pod("app-pinned", [c()])) },
    { id: "app-digest-fail", policy: "app-image-digest-pinned", expect: "fail", namespace: appNamespace,
      object: inApp(deployment("app-tag", [c({ image: "registry.k8s.io/pause:3.10" })])) },
    { id: "app-digest-pass-other-tier", policy: "app-image-digest-pinned", expect: "pass",
      object: deployment("platform-tag", [c({ image: "registry.k8s.io/pause:3.10" })]) },
    // app-no-root-group (app tier only)
    { id: "app-group-pass", policy: "app-no-root-group", expect: "pass", namespace: appNamespace,
      object: inApp(pod("app-gid", [c()], { securityContext: { runAsGroup: 65532, fsGroup: 65532 } })) },
    { id: "app-group-fail-fsgroup", policy: "app-no-root-group", expect: "fail", namespace: appNamespace,
      object: inApp(pod("app-fsgroup", [c()], { securityContext: { fsGroup: 0 } })) },
    { id: "app-group-fail-container", policy: "app-no-root-group", expect: "fail", namespace: appNamespace,
      object: inApp(deployment("app-ctr-gid", [c({ securityContext: { ...c().securityContext, runAsGroup: 0 } })])) },
    { id: "app-group-pass-other-tier", policy: "app-no-root-group", expect: "pass",
      object: pod("platform-gid", [c()], { securityContext: { supplementalGroups: [0] } }) },
]; // prettier-ignore

export { goodImage };
