/**
 * Shared builders for the issue-16 catalogue-coverage tests: resources as the engine hands them to the pack, and
 * a runner that filters resource types as the CrossGuard adapter does.
 */
import * as policyProxyModule from "@pulumi/policy/proxy";
import { PolicyConfig, PolicyResource } from "../../policy-pack/lib/types";

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

/** @pulumi/policy's proxy internals (marked @internal): the preview-time unknown markers. */
const policyProxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
};

/** Props wrapped as @pulumi/policy wraps them during preview: reading an unknown value throws UnknownValueError. */
export function preview(props: Obj): Obj {
    return policyProxy.unknownCheckingProxy(props) as Obj;
}
export const unknownString = policyProxy.unknownStringValue;

/** The one runner and resource builder of the per-policy tables (cases/case.ts), shared by these tests. */
import { res, run } from "./cases/case";
export { res, run };

/** Messages only. */
export function messages(
    name: string,
    input: PolicyResource | PolicyResource[],
    config: PolicyConfig = {},
): string[] {
    return run(name, input, config).map((f) => f.message);
}

export const goodImage = "registry.k8s.io/pause:3.10@sha256:" + "a".repeat(64);

/** A container that passes every workload and PSS check. */
export function container(over: Obj = {}): Obj {
    return {
        name: "app",
        image: goodImage,
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
        securityContext: {
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
        },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        livenessProbe: { httpGet: { path: "/live", port: 8080 } },
        ...over,
    };
}

/** An ephemeral container (no resources, probes or ports: the API forbids them there). */
export function ephemeral(over: Obj = {}): Obj {
    const c = container({ name: "debug", ...over });
    delete c.resources;
    delete c.readinessProbe;
    delete c.livenessProbe;
    return c;
}

/** A hardened pod spec. */
export function podSpec(over: Obj = {}): Obj {
    return {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [container()],
        ...over,
    };
}

export function deployment(
    spec: Obj = podSpec(),
    ns: string = "apps",
    name = "web",
    labels: Obj = {},
): PolicyResource {
    return res(
        "kubernetes:apps/v1:Deployment",
        {
            metadata: { name, namespace: ns },
            spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
        },
        `${ns}-${name}`,
    );
}

export function namespace(name: string, labels: Obj = {}): PolicyResource {
    return res("kubernetes:core/v1:Namespace", { metadata: { name, labels } }, `ns-${name}`);
}

/** A namespace labelled as SecureNamespace labels an app namespace. */
export function appNamespace(name: string): PolicyResource {
    return namespace(name, {
        "blueprint.io/tier": "app",
        "pod-security.kubernetes.io/enforce": "restricted",
    });
}

export function configMap(name: string, data: Obj, ns = "apps"): PolicyResource {
    return res("kubernetes:core/v1:ConfigMap", { metadata: { name, namespace: ns }, data }, `cm-${name}`);
}
