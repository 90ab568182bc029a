/**
 * Pure pieces of the Harbor install: defaults, input validation, the Helm values builder and the NetworkPolicy
 * manifests. No Pulumi resources here, so tests assert the hardened settings without an engine.
 *
 * Chart: goharbor/harbor 1.19.1 (Harbor 2.15.1). Every key set below exists in ../shared/charts/harbor/values.yaml
 * or, for the per-component `resources` that values.yaml only shows as comments, is read by the chart's templates
 * (test/registry/harborValues.test.ts checks both).
 */
import { FieldError, formatFieldErrors, prefixLabel } from "../lib/validators";
import { restrictedContainerSecurityContext } from "../lib/security-context";
import { Flow, FlowContext, FlowEnd, chartPods } from "../network/flows";

/** Every default of the Harbor component, in one place. */
export const harborDefaults = {
    chart: "harbor",
    version: "1.19.1",
    repo: "https://helm.goharbor.io",
    /** Helm release name. With "harbor" the chart's fullname is "harbor", so object names are fixed and known. */
    releaseName: "harbor",
    storageClass: "gp3-encrypted",
    ingressClassName: "nginx",
    albIngressClassName: "alb",
    albScheme: "internal" as AlbScheme,
    /** TLS 1.3 + 1.2 only. */
    albSslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    ingressControllerNamespace: "ingress-nginx",
    monitoringNamespace: "monitoring",
    /** ServiceAccount of the registry pods when S3 storage (IRSA) is used. */
    registryServiceAccount: "harbor-registry",
    vulnerabilitySeverity: "high" as HarborSeverity,
    sizes: { registry: "50Gi", jobLog: "1Gi", database: "5Gi", redis: "1Gi", trivy: "5Gi" },
} as const;

/** Requests and limits of one container. */
export interface ContainerResources {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}

const res = (reqCpu: string, reqMem: string, limCpu: string, limMem: string): ContainerResources => ({
    requests: { cpu: reqCpu, memory: reqMem },
    limits: { cpu: limCpu, memory: limMem },
});

/**
 * Bounded requests and limits of every Harbor container, by the values path the chart's templates read. Sized for
 * a small registry (Harbor's own sizing guidance for a few users and CI pipelines); raise them for heavy pushes. The
 * database limit leaves room for its memory-backed /dev/shm (database.internal.shmSizeLimit, 512Mi by default),
 * which counts against the container's memory. trivy keeps the chart's own defaults, written out.
 */
export const harborResources = {
    core: res("100m", "256Mi", "1", "1Gi"),
    jobservice: res("100m", "256Mi", "1", "1Gi"),
    portal: res("50m", "64Mi", "250m", "256Mi"),
    registry: res("100m", "256Mi", "1", "1Gi"),
    registryController: res("50m", "64Mi", "250m", "256Mi"),
    exporter: res("50m", "64Mi", "250m", "256Mi"),
    nginx: res("50m", "64Mi", "500m", "256Mi"),
    database: res("250m", "512Mi", "1", "2Gi"),
    databasePermissionsInit: res("50m", "32Mi", "250m", "128Mi"),
    redis: res("50m", "64Mi", "500m", "512Mi"),
    trivy: res("200m", "512Mi", "1", "1Gi"),
} as const satisfies Record<string, ContainerResources>;

/** Severities Harbor accepts for `prevent_vul` (ProjectMetadata.severity in the v2.0 API). */
export const harborSeverities = ["none", "low", "medium", "high", "critical"] as const;
export type HarborSeverity = (typeof harborSeverities)[number];

export type AlbScheme = "internal" | "internet-facing";

/** How TLS reaches clients: an existing kubernetes.io/tls Secret on the Ingress, or an ACM certificate on an AWS ALB. */
export type HarborTls =
    | {
          /** The Ingress terminates TLS with an existing kubernetes.io/tls Secret (e.g. from cert-manager). */
          mode: "secret";
          /** Name of the existing TLS Secret (keys tls.crt / tls.key) in Harbor's namespace. */
          secretName: string;
      }
    | {
          /** An AWS Load Balancer Controller ALB terminates TLS with an ACM certificate and re-encrypts to Harbor. */
          mode: "alb";
          /** ARN of the ACM certificate for the host. */
          acmCertificateArn: string;
          /** ALB scheme. Default "internal" (not reachable from the internet). */
          scheme?: AlbScheme;
      };

/**
 * Names of the Kubernetes Secrets that carry Harbor's generated secrets, and the data keys the chart reads
 * (from the comments and templates of chart 1.19.1).
 */
export const harborSecrets = {
    /** existingSecretAdminPassword; key from existingSecretAdminPasswordKey. */
    admin: { name: "harbor-admin-password", key: "HARBOR_ADMIN_PASSWORD" },
    /** existingSecretSecretKey; "the key must be secretKey"; value exactly 16 characters. */
    secretKey: { name: "harbor-secret-key", key: "secretKey" },
    /** core.existingSecret; "the key must be secret"; 16 characters. */
    core: { name: "harbor-core-secret", key: "secret" },
    /** core.existingXsrfSecret; key core.existingXsrfSecretKey; 32 characters. */
    xsrf: { name: "harbor-core-xsrf", key: "CSRF_KEY" },
    /** jobservice.existingSecret; key jobservice.existingSecretKey; 16 characters. */
    jobservice: { name: "harbor-jobservice-secret", key: "JOBSERVICE_SECRET" },
    /** registry.existingSecret; key registry.existingSecretKey; 16 characters. */
    registryHttp: { name: "harbor-registry-http-secret", key: "REGISTRY_HTTP_SECRET" },
    /** registry.credentials.existingSecret; "the key must be REGISTRY_PASSWD and REGISTRY_HTPASSWD" (bcrypt htpasswd). */
    registryCredentials: {
        name: "harbor-registry-credentials",
        passwordKey: "REGISTRY_PASSWD",
        htpasswdKey: "REGISTRY_HTPASSWD",
    },
    /**
     * The internal database has no existingSecret key. The chart names its Secret "<fullname>-database" and, when
     * database.internal.password is empty, reads POSTGRES_PASSWORD back from that Secret with `lookup`. We pre-create
     * it with Helm ownership metadata so Helm adopts it: the password never enters the Release values.
     */
    database: { name: "harbor-database", key: "POSTGRES_PASSWORD" },
    /** core.secretName: the token-signing key pair (tls.key / tls.crt); otherwise the chart makes a new one per render. */
    coreToken: { name: "harbor-core-token" },
} as const;

/** The registry user name the chart's htpasswd line is built for (registry.credentials.username). */
export const registryUsername = "harbor_registry_user";

/** Inputs of the values builder: plain values only (no Outputs, no secrets). */
export interface HarborValuesInput {
    /** DNS name Harbor is served on; externalURL is https://<host>. */
    host: string;
    tls: HarborTls;
    /** IngressClass; defaults to "nginx" (secret mode) or "alb" (ALB mode). */
    ingressClassName?: string;
    /** StorageClass of every PVC. */
    storageClass: string;
    /** S3 image storage; undefined keeps images on a PVC. No keys: the registry uses IRSA. */
    s3?: { bucket: string; region: string };
    /** ServiceAccount of the registry pods (set with S3 storage, for IRSA). */
    registryServiceAccountName?: string;
    /** Enables Harbor metrics and the chart's ServiceMonitor. */
    monitoring: boolean;
}

const dnsName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const k8sName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const acmArn = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const cidr = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

/** True for a lower-case DNS name with at least two labels. */
export function isDnsName(s: string): boolean {
    return dnsName.test(s);
}

/** True for an ACM certificate ARN. */
export function isAcmCertificateArn(s: string): boolean {
    return acmArn.test(s);
}

/** Validates the builder's input; problems as data, paths naming the Args field (`tls.secretName`). Pure. */
export function harborValuesErrors(v: HarborValuesInput): FieldError[] {
    const e: FieldError[] = [];
    const add = (path: string, value: unknown, message: string, type?: FieldError["type"]) =>
        e.push({ path, value, message, type });
    if (!isDnsName(v.host))
        add(
            "host",
            v.host,
            "must be a DNS name (lower-case labels separated by dots, e.g. harbor.example.com)",
        );
    if (v.tls.mode === "secret") {
        if (!k8sName.test(v.tls.secretName ?? ""))
            add("tls.secretName", v.tls.secretName ?? "", "must name an existing kubernetes.io/tls Secret");
    } else if (v.tls.mode === "alb") {
        if (!isAcmCertificateArn(v.tls.acmCertificateArn ?? ""))
            add(
                "tls.acmCertificateArn",
                v.tls.acmCertificateArn ?? "",
                "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>); ALB mode needs one",
            );
        if (v.tls.scheme !== undefined && v.tls.scheme !== "internal" && v.tls.scheme !== "internet-facing")
            add(
                "tls.scheme",
                v.tls.scheme,
                "supported values: internal, internet-facing",
                "Unsupported value",
            );
    } else {
        add(
            "tls.mode",
            (v.tls as { mode: unknown }).mode,
            "supported values: secret, alb",
            "Unsupported value",
        );
    }
    if (!k8sName.test(v.storageClass)) add("storageClass", v.storageClass, "must be a StorageClass name");
    if (v.ingressClassName !== undefined && !k8sName.test(v.ingressClassName))
        add("ingressClassName", v.ingressClassName, "must be an IngressClass name");
    if (v.s3) {
        if (!bucketName.test(v.s3.bucket)) add("s3.bucketName", v.s3.bucket, "must be an S3 bucket name");
        if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.s3.region))
            add("s3.region", v.s3.region, "must be an AWS region");
    }
    return e;
}

/** Validates the builder's input; returns one line per problem (empty when valid). `prefix` names the Args. */
export function validateHarborValuesInput(v: HarborValuesInput, prefix = "HarborArgs"): string[] {
    return formatFieldErrors(harborValuesErrors(v), prefixLabel(prefix));
}

/** Validates a list of IPv4 CIDRs. */
export function validateCidrs(cidrs: string[], what: string): string[] {
    return cidrs.filter((c) => !cidr.test(c)).map((c) => `${what}: "${c}" is not an IPv4 CIDR (a.b.c.d/n)`);
}

/** Harbor's container security context: restricted, except the root filesystem (see below). */
export const harborContainerSecurityContext = {
    privileged: restrictedContainerSecurityContext.privileged,
    allowPrivilegeEscalation: restrictedContainerSecurityContext.allowPrivilegeEscalation,
    runAsNonRoot: restrictedContainerSecurityContext.runAsNonRoot,
    capabilities: { drop: [...restrictedContainerSecurityContext.capabilities.drop] },
    seccompProfile: { ...restrictedContainerSecurityContext.seccompProfile },
    // readOnlyRootFilesystem is not set: Harbor's images install the internal-TLS CA into the system trust store
    // (/etc/pki) at start-up, and the chart mounts no writable volume there. Not required by PSS restricted. The
    // chart applies this one context to every container, so it cannot be set for some components only; each Harbor
    // pod is exempted from read-only-root-filesystem, with this reason, in policy-pack/blueprint.policy-config.json.
};

/**
 * Builds the Helm values. The chart sets pod-level contexts itself (runAsUser 10000 / 999, fsGroup); the one
 * container-level key, `containerSecurityContext`, applies to every container and init container.
 */
export function buildHarborValues(v: HarborValuesInput): Record<string, unknown> {
    const s = harborSecrets;
    // Fresh copies: the Release values must not alias the exported constant.
    const r = structuredClone(harborResources) as Record<keyof typeof harborResources, ContainerResources>;
    const pvc = (size: string) => ({ storageClass: v.storageClass, size });
    const alb = v.tls.mode === "alb" ? v.tls : undefined;
    const ingressAnnotations: Record<string, string> = alb
        ? {
              "alb.ingress.kubernetes.io/scheme": alb.scheme ?? harborDefaults.albScheme,
              "alb.ingress.kubernetes.io/target-type": "ip",
              "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
              "alb.ingress.kubernetes.io/certificate-arn": alb.acmCertificateArn,
              "alb.ingress.kubernetes.io/ssl-policy": harborDefaults.albSslPolicy,
              // internalTLS: the ALB re-encrypts to the pods.
              "alb.ingress.kubernetes.io/backend-protocol": "HTTPS",
              "alb.ingress.kubernetes.io/healthcheck-protocol": "HTTPS",
          }
        : {};

    const values: Record<string, unknown> = {
        expose: {
            type: "ingress",
            tls: alb
                ? { enabled: true, certSource: "none" }
                : {
                      enabled: true,
                      certSource: "secret",
                      secret: { secretName: v.tls.mode === "secret" ? v.tls.secretName : "" },
                  },
            ingress: {
                hosts: { core: v.host },
                controller: alb ? "alb" : "default",
                className:
                    v.ingressClassName ??
                    (alb ? harborDefaults.albIngressClassName : harborDefaults.ingressClassName),
                annotations: ingressAnnotations,
            },
        },
        externalURL: `https://${v.host}`,
        internalTLS: { enabled: true, strong_ssl_ciphers: true, certSource: "auto" },
        persistence: {
            enabled: true,
            resourcePolicy: "keep",
            persistentVolumeClaim: {
                registry: pvc(harborDefaults.sizes.registry),
                jobservice: { jobLog: pvc(harborDefaults.sizes.jobLog) },
                database: pvc(harborDefaults.sizes.database),
                redis: pvc(harborDefaults.sizes.redis),
                trivy: pvc(harborDefaults.sizes.trivy),
            },
            imageChartStorage: v.s3
                ? { type: "s3", s3: { region: v.s3.region, bucket: v.s3.bucket } }
                : { type: "filesystem" },
        },
        // Every default secret comes from a Secret we create (see harborSecrets); the inline defaults are blanked.
        existingSecretAdminPassword: s.admin.name,
        existingSecretAdminPasswordKey: s.admin.key,
        harborAdminPassword: "",
        existingSecretSecretKey: s.secretKey.name,
        secretKey: "",
        containerSecurityContext: harborContainerSecurityContext,
        metrics: { enabled: v.monitoring, serviceMonitor: { enabled: v.monitoring } },
        core: {
            existingSecret: s.core.name,
            secret: "",
            existingXsrfSecret: s.xsrf.name,
            existingXsrfSecretKey: s.xsrf.key,
            xsrfKey: "",
            secretName: s.coreToken.name,
            automountServiceAccountToken: false,
            resources: r.core,
        },
        jobservice: {
            existingSecret: s.jobservice.name,
            existingSecretKey: s.jobservice.key,
            secret: "",
            automountServiceAccountToken: false,
            resources: r.jobservice,
        },
        registry: {
            existingSecret: s.registryHttp.name,
            existingSecretKey: s.registryHttp.key,
            secret: "",
            credentials: {
                username: registryUsername,
                password: "",
                existingSecret: s.registryCredentials.name,
                htpasswdString: "",
            },
            automountServiceAccountToken: false,
            registry: { resources: r.registry },
            controller: { resources: r.registryController },
            ...(v.registryServiceAccountName ? { serviceAccountName: v.registryServiceAccountName } : {}),
        },
        portal: { automountServiceAccountToken: false, resources: r.portal },
        exporter: { automountServiceAccountToken: false, resources: r.exporter },
        // nginx renders only with expose.type clusterIP/nodePort/loadBalancer; bounded all the same.
        nginx: { automountServiceAccountToken: false, resources: r.nginx },
        trivy: { enabled: true, automountServiceAccountToken: false, insecure: false, resources: r.trivy },
        database: {
            type: "internal",
            internal: {
                // Empty: the chart reads POSTGRES_PASSWORD from the pre-created "harbor-database" Secret (lookup).
                password: "",
                automountServiceAccountToken: false,
                resources: r.database,
                initContainer: { permissions: { resources: r.databasePermissionsInit } },
            },
        },
        redis: { type: "internal", internal: { automountServiceAccountToken: false, resources: r.redis } },
    };
    return values;
}

/** Free-form maps of the Harbor chart (any sub-key is valid). */
export const harborFreeFormValues = ["expose.ingress.annotations"];

/** Harbor's pods carry these labels (chart helper harbor.matchLabels with release "harbor"). */
export const harborPodLabels = { app: "harbor", release: harborDefaults.releaseName } as const;

/** Harbor's container ports with internalTLS on or off (harbor-helm `_helpers.tpl`, harbor.*.containerPort). */
export function harborContainerPorts(internalTLS: boolean) {
    return internalTLS
        ? {
              core: 8443,
              portal: 8443,
              registry: 5443,
              registryctl: 8443,
              jobservice: 8443,
              trivy: 8443,
              database: 5432,
              redis: 6379,
              metrics: 8001,
          }
        : {
              core: 8080,
              portal: 8080,
              registry: 5000,
              registryctl: 8080,
              jobservice: 8080,
              trivy: 8080,
              database: 5432,
              redis: 6379,
              metrics: 8001,
          };
}

/** What Harbor's flows depend on besides the catalogue's context. */
export interface HarborFlowInput {
    /** Harbor's `internalTLS.enabled` (decides its container ports). */
    internalTLS: boolean;
    /**
     * Where ingress traffic comes from: an in-cluster ingress controller (namespace + pod labels), or load-balancer
     * addresses (an AWS ALB in IP mode sends from its ENIs in its subnets).
     */
    ingressFrom: { namespace: string; pods: Record<string, string> } | { cidrs: string[] };
}

/**
 * Harbor's contribution to the flow catalogue (components/network/platformFlows.ts), which is the only author of
 * the platform's NetworkPolicies: component by component, least privilege. Only the ingress path reaches core
 * and portal; PostgreSQL serves core, jobservice and the exporter only (never the portal); outbound HTTPS is
 * public addresses only (no private VPC address, no instance metadata). Harbor itself needs no API-server access.
 */
export function harborFlows(ctx: FlowContext, input: HarborFlowInput): Flow[] {
    const harbor = ctx.ns.harbor;
    if (!harbor) return [];
    const hp = harborContainerPorts(input.internalTLS);
    const h = (...c: string[]): FlowEnd => ({ namespace: harbor, pods: chartPods.harbor(...c) });
    const ing = input.ingressFrom;
    const ingEnd: FlowEnd =
        "cidrs" in ing
            ? { cidrs: ing.cidrs.map((cidr) => ({ cidr })), what: "load balancer" }
            : { namespace: ing.namespace, pods: ing.pods };
    const flows: Flow[] = [
        {
            name: "ingress-harbor",
            from: ingEnd,
            to: h("core", "portal"),
            ports: [...new Set([hp.core, hp.portal])],
            why: "the ingress controller forwards the UI, API and registry traffic",
        },
        {
            name: "harbor-database",
            from: h("core", "jobservice", "exporter"),
            to: h("database"),
            ports: [hp.database],
            why: "Harbor's PostgreSQL serves core, jobservice and the exporter only",
        },
        {
            name: "harbor-redis",
            from: h("core", "jobservice", "registry", "trivy", "exporter"),
            to: h("redis"),
            ports: [hp.redis],
            why: "Harbor's Redis caches and job queues",
        },
        {
            name: "harbor-core",
            from: h("jobservice", "registry", "trivy", "exporter"),
            to: h("core"),
            ports: [hp.core],
            why: "token service, registry notifications, job hooks, exporter API calls",
        },
        {
            name: "harbor-registry",
            from: h("core", "jobservice", "trivy"),
            to: h("registry"),
            ports: [...new Set([hp.registry, hp.registryctl])],
            why: "registry and registryctl (garbage collection, scans read layers)",
        },
        {
            name: "harbor-jobservice",
            from: h("core"),
            to: h("jobservice"),
            ports: [hp.jobservice],
            why: "core submits jobs",
        },
        {
            name: "harbor-trivy",
            from: h("core", "jobservice"),
            to: h("trivy"),
            ports: [hp.trivy],
            why: "the scanner adapter",
        },
        {
            name: "harbor-egress-https",
            from: h("core", "jobservice", "registry", "trivy"),
            to: ctx.https,
            ports: [443],
            why: "replication, webhooks, S3 storage, Trivy DB updates (public addresses only)",
        },
    ];
    if (ctx.prometheus)
        flows.push({
            name: "prometheus-harbor",
            from: ctx.prometheus,
            to: h("core", "registry", "jobservice", "exporter"),
            ports: [hp.metrics],
            why: "Prometheus scrapes Harbor's metrics port",
        });
    return flows;
}

/**
 * trivy-operator's scan jobs pull image manifests and layers from Harbor's core and registry pods: contributed
 * with Harbor's flows because the ports are Harbor's. Empty unless both Harbor and trivy-operator are deployed.
 */
export function harborScanFlows(ctx: FlowContext, input: Pick<HarborFlowInput, "internalTLS">): Flow[] {
    const { harbor, trivy } = ctx.ns;
    if (!harbor || !trivy) return [];
    const hp = harborContainerPorts(input.internalTLS);
    return [
        {
            name: "trivy-scans-harbor",
            from: { namespace: trivy, pods: chartPods.trivyScanJobs },
            to: { namespace: harbor, pods: chartPods.harbor("core", "registry") },
            ports: [...new Set([hp.core, hp.registry])],
            why: "trivy-operator scan jobs pull image manifests and layers from Harbor (the Harbor namespace, explicitly)",
        },
    ];
}
