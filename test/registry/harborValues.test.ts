import { chartDefaults, chartTemplateValuePaths, unknownKeys } from "../lib/chart-values";
import { Flow, flowContext } from "../../components/network/platformFlows";
import {
    HarborValuesInput,
    buildHarborValues,
    harborFreeFormValues,
    harborFlows,
    harborResources,
    harborSecrets,
    validateHarborValuesInput,
} from "../../components/registry/harborValues";

const defaults = chartDefaults("harbor");
/** Values paths Harbor 1.19.1's templates read (the oracle for keys values.yaml shows only as comments). */
const templatePaths = chartTemplateValuePaths("harbor-1.19.1");
const unknown = (v: Record<string, unknown>) =>
    unknownKeys(v, defaults, harborFreeFormValues, "", templatePaths);
const base: HarborValuesInput = {
    host: "harbor.example.com",
    tls: { mode: "secret", secretName: "harbor-tls" },
    storageClass: "gp3-encrypted",
    monitoring: false,
};
const alb: HarborValuesInput = {
    ...base,
    tls: {
        mode: "alb",
        acmCertificateArn:
            "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
    },
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = (o: any, path: string): any =>
    path.split(".").reduce((x, k) => (x === undefined ? undefined : x[k]), o);

describe("Harbor values", () => {
    it.each([
        ["secret TLS", base],
        ["ALB TLS", alb],
        [
            "S3 + monitoring",
            {
                ...base,
                s3: { bucket: "harbor-images-test", region: "eu-west-1" },
                registryServiceAccountName: "harbor-registry",
                monitoring: true,
            },
        ],
    ])("every key exists in the chart's values.yaml or is read by its templates (%s)", (_n, input) => {
        expect(unknown(buildHarborValues(input))).toEqual([]);
    });

    it("the key checker does catch a typo", () => {
        const v = buildHarborValues(base);
        (v.internalTLS as Record<string, unknown>).enable = true;
        expect(unknown(v)).toEqual(["internalTLS.enable"]);
    });

    it("the key checker takes the templates as the oracle for keys values.yaml only shows as comments", () => {
        // values.yaml has `# resources:` only as comments; the templates read these paths.
        for (const p of [
            "core.resources",
            "registry.registry.resources",
            "registry.controller.resources",
            "database.internal.initContainer.permissions.resources",
        ])
            expect(templatePaths.has(p)).toBe(true);
        const v = buildHarborValues(base);
        // Without the templates, the commented keys are rejected (what this checker used to say)...
        expect(unknownKeys(v, defaults, harborFreeFormValues)).toEqual(
            expect.arrayContaining([
                "core.resources",
                "database.internal.initContainer.permissions.resources",
            ]),
        );
        // ...and with them, a typo in such a key, or the place values.yaml's comment suggests but no template
        // reads (`# resources:` sits under initContainer, beside `permissions: {}`), is still rejected.
        const core = v.core as Record<string, unknown>;
        core.resource = core.resources;
        const db = (v.database as { internal: { initContainer: Record<string, unknown> } }).internal;
        db.initContainer.resources = harborResources.databasePermissionsInit;
        expect(unknown(v)).toEqual(["core.resource", "database.internal.initContainer.resources"]);
    });

    it("every container Harbor's chart renders gets bounded CPU and memory requests and limits", () => {
        const v = buildHarborValues(base);
        const paths = [
            "core.resources",
            "jobservice.resources",
            "portal.resources",
            "registry.registry.resources",
            "registry.controller.resources",
            "exporter.resources",
            "nginx.resources",
            "trivy.resources",
            "database.internal.resources",
            "database.internal.initContainer.permissions.resources",
            "redis.internal.resources",
        ];
        // Every `resources` path the templates read (other than PVC sizes) is set.
        const read = [...templatePaths].filter(
            (p) => p.endsWith(".resources") && !p.startsWith("persistence."),
        );
        expect(read.sort()).toEqual([...paths].sort());
        const cpu = (q: string) => (q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q));
        const mem = (q: string) => {
            const m = /^(\d+)(Mi|Gi)$/.exec(q);
            return m ? Number(m[1]) * (m[2] === "Gi" ? 1024 : 1) : NaN;
        };
        for (const p of paths) {
            const r = get(v, p);
            expect({ p, keys: Object.keys(r).sort() }).toEqual({ p, keys: ["limits", "requests"] });
            expect(cpu(r.requests.cpu)).toBeGreaterThan(0);
            expect(cpu(r.limits.cpu)).toBeGreaterThanOrEqual(cpu(r.requests.cpu));
            expect(mem(r.requests.memory)).toBeGreaterThan(0);
            expect(mem(r.limits.memory)).toBeGreaterThanOrEqual(mem(r.requests.memory));
        }
        // The database's memory limit leaves room for its memory-backed /dev/shm.
        expect(mem(get(v, "database.internal.resources.limits.memory"))).toBeGreaterThan(
            mem(String(get(defaults, "database.internal.shmSizeLimit"))),
        );
        // The Release values do not alias the exported constant.
        expect(get(v, "core.resources")).not.toBe(harborResources.core);
    });

    it("exposes through an Ingress with TLS from the named Secret, and externalURL matches the host", () => {
        const v = buildHarborValues(base);
        expect(get(v, "expose.type")).toBe("ingress");
        expect(get(v, "expose.tls")).toEqual({
            enabled: true,
            certSource: "secret",
            secret: { secretName: "harbor-tls" },
        });
        expect(get(v, "expose.ingress.hosts.core")).toBe("harbor.example.com");
        expect(get(v, "externalURL")).toBe("https://harbor.example.com");
        expect(get(v, "expose.ingress.className")).toBe("nginx");
    });

    it("ALB mode: ACM certificate, HTTPS-only listener, TLS 1.2+ policy, internal by default, re-encrypts to the pods", () => {
        const a = get(buildHarborValues(alb), "expose.ingress.annotations");
        expect(a["alb.ingress.kubernetes.io/certificate-arn"]).toMatch(/^arn:aws:acm:/);
        expect(a["alb.ingress.kubernetes.io/listen-ports"]).toBe('[{"HTTPS":443}]');
        expect(a["alb.ingress.kubernetes.io/ssl-policy"]).toMatch(/TLS13/);
        expect(a["alb.ingress.kubernetes.io/scheme"]).toBe("internal");
        expect(a["alb.ingress.kubernetes.io/backend-protocol"]).toBe("HTTPS");
        const v = buildHarborValues(alb);
        expect(get(v, "expose.tls.enabled")).toBe(true);
        expect(get(v, "expose.ingress.controller")).toBe("alb");
        expect(get(v, "expose.ingress.className")).toBe("alb");
    });

    it("internal TLS and the Trivy scanner are on", () => {
        const v = buildHarborValues(base);
        expect(get(v, "internalTLS.enabled")).toBe(true);
        expect(get(v, "trivy.enabled")).toBe(true);
    });

    it("every default secret comes from an existing Secret and no chart default secret survives", () => {
        const v = buildHarborValues(base);
        expect(get(v, "existingSecretAdminPassword")).toBe(harborSecrets.admin.name);
        expect(get(v, "existingSecretAdminPasswordKey")).toBe("HARBOR_ADMIN_PASSWORD");
        expect(get(v, "existingSecretSecretKey")).toBe(harborSecrets.secretKey.name);
        expect(get(v, "core.existingSecret")).toBe(harborSecrets.core.name);
        expect(get(v, "core.existingXsrfSecret")).toBe(harborSecrets.xsrf.name);
        expect(get(v, "core.existingXsrfSecretKey")).toBe("CSRF_KEY");
        expect(get(v, "core.secretName")).toBe(harborSecrets.coreToken.name);
        expect(get(v, "jobservice.existingSecret")).toBe(harborSecrets.jobservice.name);
        expect(get(v, "jobservice.existingSecretKey")).toBe("JOBSERVICE_SECRET");
        expect(get(v, "registry.existingSecret")).toBe(harborSecrets.registryHttp.name);
        expect(get(v, "registry.existingSecretKey")).toBe("REGISTRY_HTTP_SECRET");
        expect(get(v, "registry.credentials.existingSecret")).toBe(harborSecrets.registryCredentials.name);
        expect(get(v, "database.internal.password")).toBe("");
        const text = JSON.stringify(v);
        for (const d of ["Harbor12345", "not-a-secure-key", "changeit", "harbor_registry_password"])
            expect(text).not.toContain(d);
        for (const k of [
            "harborAdminPassword",
            "secretKey",
            "core.secret",
            "core.xsrfKey",
            "jobservice.secret",
            "registry.secret",
            "registry.credentials.password",
        ])
            expect(get(v, k)).toBe("");
    });

    it("every PVC uses the encrypted StorageClass", () => {
        const pvcs = get(
            buildHarborValues({ ...base, storageClass: "enc-sc" }),
            "persistence.persistentVolumeClaim",
        );
        const classes = [pvcs.registry, pvcs.jobservice.jobLog, pvcs.database, pvcs.redis, pvcs.trivy].map(
            (p) => p.storageClass,
        );
        expect(classes).toEqual(Array(5).fill("enc-sc"));
        // and the chart's defaults have no PVC we missed
        const defPvcs = get(defaults, "persistence.persistentVolumeClaim");
        expect(Object.keys(pvcs).sort()).toEqual(Object.keys(defPvcs).sort());
    });

    it("S3 storage carries no keys and points the registry at its IRSA service account", () => {
        const v = buildHarborValues({
            ...base,
            s3: { bucket: "harbor-images-test", region: "eu-west-1" },
            registryServiceAccountName: "harbor-registry",
        });
        expect(get(v, "persistence.imageChartStorage")).toEqual({
            type: "s3",
            s3: { region: "eu-west-1", bucket: "harbor-images-test" },
        });
        expect(get(v, "registry.serviceAccountName")).toBe("harbor-registry");
        expect(get(buildHarborValues(base), "persistence.imageChartStorage.type")).toBe("filesystem");
    });

    it("containers are restricted (no privilege, no escalation, drop ALL, non-root, RuntimeDefault seccomp) and tokens are not mounted", () => {
        const v = buildHarborValues(base);
        expect(get(v, "containerSecurityContext")).toMatchObject({
            privileged: false,
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        for (const c of [
            "core",
            "jobservice",
            "registry",
            "portal",
            "exporter",
            "nginx",
            "trivy",
            "database.internal",
            "redis.internal",
        ])
            expect(get(v, `${c}.automountServiceAccountToken`)).toBe(false);
    });

    it("metrics and the ServiceMonitor follow monitoring", () => {
        expect(get(buildHarborValues({ ...base, monitoring: true }), "metrics")).toEqual({
            enabled: true,
            serviceMonitor: { enabled: true },
        });
        expect(get(buildHarborValues(base), "metrics")).toEqual({
            enabled: false,
            serviceMonitor: { enabled: false },
        });
    });

    it("accepts valid input and reports each bad field on its own line", () => {
        expect(validateHarborValuesInput(base)).toEqual([]);
        expect(validateHarborValuesInput(alb)).toEqual([]);
        const p = validateHarborValuesInput({
            host: "https://Harbor",
            tls: { mode: "alb", acmCertificateArn: "" },
            storageClass: "Bad_SC",
            monitoring: false,
            s3: { bucket: "B", region: "mars" },
        });
        expect(p).toHaveLength(5);
        expect(p[0]).toMatch(/^HarborArgs\.host: Invalid value: .*: must be a DNS name/);
        expect(p[1]).toMatch(/^HarborArgs\.tls\.acmCertificateArn: .*ALB mode needs one/);
        expect(validateHarborValuesInput({ ...base, tls: { mode: "secret", secretName: "" } })[0]).toMatch(
            /tls\.secretName/,
        );
    });
});

describe("Harbor's flows (contributed to the catalogue, issue 13 item 16)", () => {
    const ctx = flowContext({ controlPlaneCidrs: ["10.0.0.0/16"] });
    const byName = (flows: Flow[]) => Object.fromEntries(flows.map((f) => [f.name, f]));

    it("only the ingress path reaches core and portal, on 8443; ALB mode admits the ALB subnets instead", () => {
        const f = byName(
            harborFlows(ctx, {
                internalTLS: true,
                ingressFrom: {
                    namespace: "ingress-nginx",
                    pods: { "app.kubernetes.io/name": "ingress-nginx" },
                },
            }),
        );
        expect(f["ingress-harbor"]).toMatchObject({
            from: { namespace: "ingress-nginx" },
            to: { namespace: "harbor", pods: { matchExpressions: [{ values: ["core", "portal"] }] } },
            ports: [8443],
        });
        const alb = byName(harborFlows(ctx, { internalTLS: true, ingressFrom: { cidrs: ["10.0.0.0/16"] } }));
        expect(alb["ingress-harbor"].from).toEqual({
            cidrs: [{ cidr: "10.0.0.0/16" }],
            what: "load balancer",
        });
    });

    it("no pod-to-pod allowance of the whole namespace: the database serves core, jobservice and exporter only", () => {
        const flows = harborFlows(ctx, { internalTLS: true, ingressFrom: { cidrs: ["10.0.0.0/16"] } });
        const db = flows.filter(
            (f) => "namespace" in f.to && JSON.stringify(f.to.pods).includes('"database"'),
        );
        expect(db.map((f) => f.name)).toEqual(["harbor-database"]);
        expect(db[0].from).toMatchObject({
            pods: { matchExpressions: [{ values: ["core", "jobservice", "exporter"] }] },
        });
        for (const f of flows) expect(f.ports.length).toBeGreaterThan(0);
    });

    it("outbound HTTPS is public addresses only (not the VPC, not instance metadata); Prometheus scrapes 8001", () => {
        const f = byName(harborFlows(ctx, { internalTLS: true, ingressFrom: { cidrs: ["10.0.0.0/16"] } }));
        const to = f["harbor-egress-https"].to as { cidrs: { cidr: string; except?: string[] }[] };
        expect(to.cidrs).toEqual([
            {
                cidr: "0.0.0.0/0",
                except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"],
            },
        ]);
        expect(f["prometheus-harbor"].ports).toEqual([8001]);
        const noMon = harborFlows(
            flowContext({ controlPlaneCidrs: ["10.0.0.0/16"], namespaces: { monitoring: false } }),
            {
                internalTLS: true,
                ingressFrom: { cidrs: ["10.0.0.0/16"] },
            },
        );
        expect(noMon.map((x) => x.name)).not.toContain("prometheus-harbor");
    });
});
