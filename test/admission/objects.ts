/** Builders of the admission fixtures' Kubernetes objects (shared by the per-area fixture files). */
import { Obj } from "../../policy-pack/admission/generate";

export interface AdmissionFixture {
    id: string;
    object: Obj;
    /** The policy this fixture is written for, and the verdict it must get from it. */
    policy: string;
    expect: "pass" | "fail";
    /**
     * The Namespace the object lands in, when the policy reads it (tier labels): the TypeScript check sees it as
     * part of the stack, the CEL form as `namespaceObject`, and the e2e test creates it first.
     */
    namespace?: Obj;
}

const digest = "sha256:" + "a".repeat(64);
export const goodImage = `registry.k8s.io/pause:3.10@${digest}`;

export function goodContainer(over: Obj = {}): Obj {
    return {
        name: "app",
        image: goodImage,
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
        readinessProbe: { tcpSocket: { port: 8080 } },
        livenessProbe: { tcpSocket: { port: 8080 } },
        securityContext: {
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        ...over,
    };
}

export function pod(name: string, containers: Obj[], spec: Obj = {}, ns = "apps"): Obj {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: ns },
        spec: { containers, ...spec },
    };
}

export function deployment(name: string, containers: Obj[], spec: Obj = {}, ns = "apps"): Obj {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: ns },
        spec: {
            selector: { matchLabels: { app: name } },
            template: { metadata: { labels: { app: name } }, spec: { containers, ...spec } },
        },
    };
}

export function cronJob(name: string, containers: Obj[], ns = "apps"): Obj {
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name, namespace: ns },
        spec: {
            schedule: "0 * * * *",
            jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers } } } },
        },
    };
}

export function service(name: string, spec: Obj): Obj {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: "apps" },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
    };
}

export function ingress(name: string, spec: Obj): Obj {
    const backend = { service: { name: "web", port: { number: 80 } } };
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name, namespace: "apps" },
        spec: {
            ...spec,
            rules: (spec.hosts as string[]).map((host) => ({
                host,
                http: { paths: [{ path: "/", pathType: "Prefix", backend }] },
            })),
            hosts: undefined,
        },
    };
}

export function namespace(name: string, labels?: Obj): Obj {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } };
}
