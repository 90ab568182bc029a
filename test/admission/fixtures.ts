/**
 * Admission fixtures: Kubernetes objects as `kubectl apply` sends them, a pass and a fail case (or several) per
 * policy with an admission form. Every fixture is run through EVERY admission policy (TypeScript check and CEL), so
 * each also serves as a pass/fail case of the others. The e2e test creates the same objects on a real API server.
 */
import { Obj } from "../../policy-pack/admission/generate";
import { exposureFixtures } from "./fixtures-exposure";
import { namespaceFixtures } from "./fixtures-namespaces";
import { rbacFixtures } from "./fixtures-rbac";
import { workloadFixtures } from "./fixtures-workloads";
import {
    AdmissionFixture,
    cronJob,
    deployment,
    goodContainer,
    ingress,
    namespace,
    pod,
    service,
} from "./objects";

export type { AdmissionFixture };
export { cronJob, deployment, goodContainer, goodImage, pod } from "./objects";
export { fixturePolicyConfig } from "./fixtures-namespaces";

const c = goodContainer;
const hosts = (h: string[], tls?: Obj[]) => JSON.parse(JSON.stringify({ hosts: h, ...(tls ? { tls } : {}) }));

const baseFixtures: AdmissionFixture[] = [
    // read-only-root-filesystem
    { id: "ro-pass", policy: "read-only-root-filesystem", expect: "pass", object: pod("ro-pass", [c()]) },
    { id: "ro-fail-unset", policy: "read-only-root-filesystem", expect: "fail",
      object: pod("ro-fail", [c({ securityContext: { runAsNonRoot: true } })]) }, // prettier-ignore
    { id: "ro-fail-init", policy: "read-only-root-filesystem", expect: "fail",
      object: deployment("ro-fail-init", [c()], { initContainers: [c({ name: "init", readinessProbe: undefined, livenessProbe: undefined, securityContext: { readOnlyRootFilesystem: false } })] }) }, // prettier-ignore
    // image-tag-pinned / image-digest-pinned
    { id: "tag-pass-version", policy: "image-tag-pinned", expect: "pass",
      object: pod("tag-pass", [c({ image: "registry.k8s.io/pause:3.10" })]) }, // prettier-ignore
    { id: "tag-pass-port", policy: "image-tag-pinned", expect: "pass",
      object: pod("tag-port", [c({ image: "harbor.example.com:443/team/app:1.2.3" })]) }, // prettier-ignore
    { id: "tag-fail-latest", policy: "image-tag-pinned", expect: "fail",
      object: deployment("tag-latest", [c({ image: "nginx:latest" })]) }, // prettier-ignore
    { id: "tag-fail-none", policy: "image-tag-pinned", expect: "fail",
      object: cronJob("tag-none", [c({ image: "harbor.example.com:5000/team/app" })]) }, // prettier-ignore
    { id: "digest-pass", policy: "image-digest-pinned", expect: "pass", object: pod("digest-pass", [c()]) },
    { id: "digest-fail-short", policy: "image-digest-pinned", expect: "fail",
      object: pod("digest-short", [c({ image: "registry.k8s.io/pause:3.10@sha256:abc" })]) }, // prettier-ignore
    { id: "digest-fail-upper", policy: "image-digest-pinned", expect: "fail",
      object: pod("digest-upper", [c({ image: "registry.k8s.io/pause@sha256:" + "A".repeat(64) })]) }, // prettier-ignore
    { id: "digest-pass-sha512", policy: "image-digest-pinned", expect: "pass",
      object: pod("digest-512", [c({ image: "registry.k8s.io/pause@sha512:" + "b".repeat(128) })]) }, // prettier-ignore
    // container-resources
    { id: "res-pass-limits-only", policy: "container-resources", expect: "pass",
      object: pod("res-limits", [c({ resources: { limits: { cpu: "1", memory: "1Gi" } } })]) }, // prettier-ignore
    { id: "res-fail-no-limits", policy: "container-resources", expect: "fail",
      object: deployment("res-nolimit", [c({ resources: { requests: { cpu: "1", memory: "1Gi" } } })]) }, // prettier-ignore
    { id: "res-fail-init", policy: "container-resources", expect: "fail",
      object: pod("res-init", [c()], { initContainers: [c({ name: "init", resources: undefined, readinessProbe: undefined, livenessProbe: undefined })] }) }, // prettier-ignore
    // container-probes
    { id: "probes-pass-job-pod", policy: "container-probes", expect: "pass",
      object: pod("probes-job", [c({ readinessProbe: undefined, livenessProbe: undefined })], { restartPolicy: "Never" }) }, // prettier-ignore
    { id: "probes-fail", policy: "container-probes", expect: "fail",
      object: deployment("probes-fail", [c({ livenessProbe: undefined })]) }, // prettier-ignore
    // no-secret-env-vars
    { id: "env-pass-configmap", policy: "no-secret-env-vars", expect: "pass",
      object: pod("env-cm", [c({ env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "cm", key: "a" } } }] })]) }, // prettier-ignore
    { id: "env-fail-secretkeyref", policy: "no-secret-env-vars", expect: "fail",
      object: deployment("env-secret", [c({ env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "db", key: "pw" } } }] })]) }, // prettier-ignore
    { id: "env-fail-envfrom", policy: "no-secret-env-vars", expect: "fail",
      object: pod("env-from", [c({ envFrom: [{ secretRef: { name: "db" } }] })]) }, // prettier-ignore
    // no-default-namespace
    {
        id: "ns-fail-default",
        policy: "no-default-namespace",
        expect: "fail",
        object: pod("in-default", [c()], {}, "default"),
    },
    { id: "ns-fail-cm-default", policy: "no-default-namespace", expect: "fail",
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "default" }, data: { a: "b" } } }, // prettier-ignore
    { id: "ns-pass-cm", policy: "no-default-namespace", expect: "pass",
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "apps" }, data: { a: "b" } } }, // prettier-ignore
    // service-no-nodeport / service-no-external-ips
    { id: "svc-pass", policy: "service-no-nodeport", expect: "pass", object: service("web", {}) },
    {
        id: "svc-fail-nodeport",
        policy: "service-no-nodeport",
        expect: "fail",
        object: service("np", { type: "NodePort" }),
    },
    { id: "svc-fail-external-ips", policy: "service-no-external-ips", expect: "fail",
      object: service("xip", { externalIPs: ["203.0.113.10"] }) }, // prettier-ignore
    { id: "svc-pass-external-ips-empty", policy: "service-no-external-ips", expect: "pass",
      object: service("xip0", { externalIPs: [] }) }, // prettier-ignore
    // ingress-tls
    { id: "ing-pass-wildcard", policy: "ingress-tls", expect: "pass",
      object: ingress("ing-wild", hosts(["a.example.com"], [{ hosts: ["*.example.com"], secretName: "tls" }])) }, // prettier-ignore
    {
        id: "ing-fail-no-tls",
        policy: "ingress-tls",
        expect: "fail",
        object: ingress("ing-plain", hosts(["a.example.com"])),
    },
    { id: "ing-fail-uncovered", policy: "ingress-tls", expect: "fail",
      object: ingress("ing-partial", hosts(["a.example.com", "b.other.com"], [{ hosts: ["a.example.com"], secretName: "tls" }])) }, // prettier-ignore
    { id: "ing-fail-wildcard-depth", policy: "ingress-tls", expect: "fail",
      object: ingress("ing-deep", hosts(["x.a.example.com"], [{ hosts: ["*.example.com"], secretName: "tls" }])) }, // prettier-ignore
    // namespace-psa-enforce
    { id: "nsl-pass", policy: "namespace-psa-enforce", expect: "pass",
      object: namespace("team-a", { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.34" }) }, // prettier-ignore
    { id: "nsl-fail-none", policy: "namespace-psa-enforce", expect: "fail", object: namespace("team-b") },
    { id: "nsl-fail-level", policy: "namespace-psa-enforce", expect: "fail",
      object: namespace("team-c", { "pod-security.kubernetes.io/enforce": "strict" }) }, // prettier-ignore
    { id: "nsl-fail-version", policy: "namespace-psa-enforce", expect: "fail",
      object: namespace("team-d", { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "1.34" }) }, // prettier-ignore
    {
        id: "nsl-pass-system",
        policy: "namespace-psa-enforce",
        expect: "pass",
        object: namespace("kube-public"),
    },
];

export const fixtures: AdmissionFixture[] = [
    ...baseFixtures,
    ...exposureFixtures,
    ...namespaceFixtures,
    ...rbacFixtures,
    ...workloadFixtures,
];
