/**
 * The pss-* policies one by one: a pass and a fail case each, level resolution (namespace label, enforce-version,
 * defaultLevel, privileged), baseline vs restricted variants, every pod-bearing kind and container list, values
 * unknown during preview, and the CrossGuard adapter with an exemption.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { PolicyConfig, PolicyResource, StackPolicy } from "../../policy-pack/lib/types";
import { policies } from "../../policy-pack/pss";
import { parseLevel, parseVersion } from "../../policy-pack/pss/level";
import { allChecks } from "../../policy-pack/pss/registry";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes JSON in tests

const byName = new Map(policies.map((p) => [p.name, p as StackPolicy]));
function policy(name: string): StackPolicy {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

function namespace(name: string, labels: Record<string, string> = {}): PolicyResource {
    return {
        type: "kubernetes:core/v1:Namespace",
        name,
        urn: `urn:pulumi:test::bp::kubernetes:core/v1:Namespace::${name}`,
        props: { metadata: { name, labels } },
    };
}
function labelled(name: string, level: string, version?: string): PolicyResource {
    const labels: Record<string, string> = { "pod-security.kubernetes.io/enforce": level };
    if (version) labels["pod-security.kubernetes.io/enforce-version"] = version;
    return namespace(name, labels);
}

/** A restricted-compliant pod spec (every check passes at restricted:latest). */
function goodSpec(): Obj {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "app",
                image: "registry.example/app:1.0",
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
        ],
    };
}

const groups: Record<string, string> = {
    Pod: "core/v1",
    PodTemplate: "core/v1",
    ReplicationController: "core/v1",
    Deployment: "apps/v1",
    StatefulSet: "apps/v1",
    DaemonSet: "apps/v1",
    ReplicaSet: "apps/v1",
    Job: "batch/v1",
    CronJob: "batch/v1",
};

/** A pod-bearing resource of `kind` holding `spec` (and pod `meta`) in `ns` (undefined: no namespace). */
function workload(
    kind: string,
    name: string,
    ns: string | undefined,
    spec: Obj,
    meta: Obj = {},
): PolicyResource {
    const metadata = { name, ...(ns === undefined ? {} : { namespace: ns }) };
    const template = { metadata: meta, spec };
    let props: Obj;
    switch (kind) {
        case "Pod":
            props = { metadata: { ...meta, ...metadata }, spec };
            break;
        case "PodTemplate":
            props = { metadata, template };
            break;
        case "CronJob":
            props = { metadata, spec: { schedule: "* * * * *", jobTemplate: { spec: { template } } } };
            break;
        default:
            props = { metadata, spec: { template } };
    }
    return {
        type: `kubernetes:${groups[kind]}:${kind}`,
        name,
        urn: `urn:pulumi:test::bp::${kind}::${name}`,
        props,
    };
}

function run(name: string, resources: PolicyResource[], config: PolicyConfig = {}): string[] {
    return policy(name)
        .check(resources, config)
        .map((f) => f.message);
}

/** Findings of every pss-* policy, as "policy: message". */
function runAll(resources: PolicyResource[], config: PolicyConfig = {}): string[] {
    return policies.flatMap((p) =>
        (p as StackPolicy).check(resources, config).map((f) => `${p.name}: ${f.message}`),
    );
}

function withContainer(spec: Obj, patch: Obj): Obj {
    spec.containers[0] = { ...spec.containers[0], ...patch };
    return spec;
}
function withSc(spec: Obj, patch: Obj): Obj {
    spec.containers[0].securityContext = { ...spec.containers[0].securityContext, ...patch };
    return spec;
}

describe("catalogue metadata", () => {
    it("has the 16 pss-* policies in a stable order, all mandatory stack policies with references", () => {
        expect(policies.map((p) => p.name)).toEqual([
            "pss-privileged",
            "pss-host-namespaces",
            "pss-host-path-volumes",
            "pss-host-ports",
            "pss-capabilities",
            "pss-app-armor",
            "pss-selinux",
            "pss-proc-mount",
            "pss-seccomp",
            "pss-sysctls",
            "pss-windows-host-process",
            "pss-host-probes",
            "pss-restricted-volumes",
            "pss-allow-privilege-escalation",
            "pss-run-as-non-root",
            "pss-run-as-user",
        ]);
        for (const p of policies) {
            expect(p.kind).toBe("stack");
            expect(p.enforcementLevel).toBe("mandatory");
            expect(p.frameworks.pss).toBeTruthy();
            expect(p.frameworks.brief.length).toBeGreaterThan(0);
            expect(p.remediation.length).toBeGreaterThan(20);
            expect(p.configSchema?.defaultLevel).toMatchObject({
                enum: ["privileged", "baseline", "restricted"],
                default: "restricted",
            });
        }
    });

    it("covers every registered PSA check exactly once", () => {
        const covered = policies.flatMap((p) => (p.frameworks.pss ?? "").split(", "));
        expect(covered.sort()).toEqual(allChecks.map((c) => c.id).sort());
    });
});

describe("each policy: pass and fail", () => {
    // [policy, level, failing spec/meta, expected fragment of the message]
    const cases: Array<[string, string, () => { spec: Obj; meta?: Obj }, string]> = [
        [
            "pss-privileged",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { privileged: true }) }),
            'privileged (container "app" must not set securityContext.privileged=true)',
        ],
        [
            "pss-host-namespaces",
            "baseline",
            () => ({ spec: { ...goodSpec(), hostPID: true, hostIPC: true } }),
            "host namespaces (hostPID=true, hostIPC=true)",
        ],
        [
            "pss-host-path-volumes",
            "baseline",
            () => ({ spec: { ...goodSpec(), volumes: [{ name: "h", hostPath: { path: "/" } }] } }),
            'hostPath volumes (volume "h")',
        ],
        [
            "pss-host-ports",
            "baseline",
            () => ({ spec: withContainer(goodSpec(), { ports: [{ containerPort: 80, hostPort: 80 }] }) }),
            'hostPort (container "app" uses hostPort 80)',
        ],
        [
            "pss-capabilities",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { capabilities: { add: ["SYS_ADMIN"] } }) }),
            'non-default capabilities (container "app" must not include "SYS_ADMIN"',
        ],
        [
            "pss-capabilities",
            "restricted",
            () => ({ spec: withSc(goodSpec(), { capabilities: { drop: ["ALL"], add: ["CHOWN"] } }) }),
            'unrestricted capabilities (container "app" must not include "CHOWN"',
        ],
        [
            "pss-app-armor",
            "baseline",
            () => ({
                spec: {
                    ...goodSpec(),
                    securityContext: {
                        ...goodSpec().securityContext,
                        appArmorProfile: { type: "Unconfined" },
                    },
                },
            }),
            'forbidden AppArmor profile (pod must not set securityContext.appArmorProfile.type to "Unconfined")',
        ],
        [
            "pss-app-armor",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { appArmorProfile: { type: "Unconfined" } }) }),
            'container "app" must not set securityContext.appArmorProfile.type',
        ],
        [
            "pss-selinux",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { seLinuxOptions: { user: "root", type: "spc_t" } }) }),
            'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user "root")',
        ],
        [
            "pss-proc-mount",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { procMount: "Unmasked" }) }),
            'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        ],
        [
            "pss-seccomp",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { seccompProfile: { type: "Unconfined" } }) }),
            'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
        ],
        [
            "pss-seccomp",
            "restricted",
            () => ({ spec: { ...goodSpec(), securityContext: { runAsNonRoot: true } } }),
            'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        ],
        [
            "pss-sysctls",
            "baseline",
            () => ({
                spec: {
                    ...goodSpec(),
                    securityContext: { sysctls: [{ name: "kernel.msgmax", value: "1" }] },
                },
            }),
            "forbidden sysctls (kernel.msgmax)",
        ],
        [
            "pss-windows-host-process",
            "baseline",
            () => ({ spec: withSc(goodSpec(), { windowsOptions: { hostProcess: true } }) }),
            'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
        ],
        [
            "pss-host-probes",
            "baseline",
            () => ({
                spec: withContainer(goodSpec(), {
                    startupProbe: { httpGet: { host: "169.254.169.254", port: 80 } },
                }),
            }),
            'probe or lifecycle host (container "app" uses probe or lifecycle host "169.254.169.254")',
        ],
        [
            "pss-host-probes",
            "baseline",
            () => ({
                spec: withContainer(goodSpec(), {
                    lifecycle: { preStop: { tcpSocket: { host: "db", port: 5432 } } },
                }),
            }),
            'lifecycle host "db"',
        ],
        [
            "pss-restricted-volumes",
            "restricted",
            () => ({ spec: { ...goodSpec(), volumes: [{ name: "n", nfs: { server: "s", path: "/" } }] } }),
            'restricted volume types (volume "n" uses restricted volume type "nfs")',
        ],
        [
            "pss-allow-privilege-escalation",
            "restricted",
            () => ({ spec: withSc(goodSpec(), { allowPrivilegeEscalation: true }) }),
            'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        ],
        [
            "pss-run-as-non-root",
            "restricted",
            () => ({
                spec: { ...goodSpec(), securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
            }),
            'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
        ],
        [
            "pss-run-as-user",
            "restricted",
            () => ({
                spec: { ...goodSpec(), securityContext: { ...goodSpec().securityContext, runAsUser: 0 } },
            }),
            "runAsUser=0 (pod must not set runAsUser=0)",
        ],
    ];

    it.each(cases)("%s at %s", (name, level, make, fragment) => {
        const ns = labelled("apps", level);
        const { spec, meta } = make();
        const fail = run(name, [ns, workload("Deployment", "web", "apps", spec, meta)]);
        expect(fail).toHaveLength(1);
        expect(fail[0]).toContain(
            `Deployment "web" in namespace "apps" violates PodSecurity "${level}:latest": `,
        );
        expect(fail[0]).toContain(fragment);
        // The compliant pod passes this policy, and every other policy too.
        expect(runAll([ns, workload("Deployment", "web", "apps", goodSpec())])).toEqual([]);
    });

    it("app armor: annotations other than runtime/default or localhost/* fail", () => {
        const ns = labelled("apps", "baseline");
        const ann = (v: string) => ({
            annotations: { "container.apparmor.security.beta.kubernetes.io/app": v },
        });
        expect(
            run("pss-app-armor", [ns, workload("Deployment", "w", "apps", goodSpec(), ann("unconfined"))]),
        ).toHaveLength(1);
        expect(
            run("pss-app-armor", [
                ns,
                workload("Deployment", "w", "apps", goodSpec(), ann("runtime/default")),
            ]),
        ).toEqual([]);
        expect(
            run("pss-app-armor", [
                ns,
                workload("Deployment", "w", "apps", goodSpec(), ann("localhost/k8s-app")),
            ]),
        ).toEqual([]);
    });

    it("restricted volumes: the allowed types pass, including image and a source-less volume (emptyDir)", () => {
        const ns = labelled("apps", "restricted");
        const volumes = [
            { name: "a", configMap: { name: "c" } },
            { name: "b", csi: { driver: "d" } },
            { name: "c", downwardAPI: {} },
            { name: "d", emptyDir: {} },
            { name: "e", ephemeral: {} },
            { name: "f", image: { reference: "r" } },
            { name: "g", persistentVolumeClaim: { claimName: "p" } },
            { name: "h", projected: { sources: [] } },
            { name: "i", secret: { secretName: "s" } },
            { name: "j" },
        ];
        expect(runAll([ns, workload("Pod", "p", "apps", { ...goodSpec(), volumes })])).toEqual([]);
    });

    it("selinux: container_engine_t is allowed from v1.31 only", () => {
        const spec = () => withSc(goodSpec(), { seLinuxOptions: { type: "container_engine_t" } });
        expect(
            run("pss-selinux", [labelled("a", "baseline", "v1.30"), workload("Pod", "p", "a", spec())]),
        ).toHaveLength(1);
        expect(
            run("pss-selinux", [labelled("a", "baseline", "v1.31"), workload("Pod", "p", "a", spec())]),
        ).toEqual([]);
    });

    it("seccomp: before v1.19 baseline reads the alpha annotations", () => {
        const meta = { annotations: { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" } };
        const found = run("pss-seccomp", [
            labelled("a", "baseline", "v1.18"),
            workload("Pod", "p", "a", goodSpec(), meta),
        ]);
        expect(found).toHaveLength(1);
        expect(found[0]).toContain('annotation "seccomp.security.alpha.kubernetes.io/pod"="unconfined"');
    });
});

describe("level resolution", () => {
    const rootish = () => ({
        ...goodSpec(),
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
    });

    it("uses the enforce label of the pod's Namespace in the stack", () => {
        expect(
            run("pss-run-as-non-root", [
                labelled("apps", "baseline"),
                workload("Pod", "p", "apps", rootish()),
            ]),
        ).toEqual([]);
        expect(
            run("pss-run-as-non-root", [
                labelled("apps", "restricted"),
                workload("Pod", "p", "apps", rootish()),
            ]),
        ).toHaveLength(1);
    });

    it("falls back to defaultLevel (default restricted) when the Namespace is not in the stack or not labelled", () => {
        const pod = workload("Pod", "p", "elsewhere", rootish());
        const [msg] = run("pss-run-as-non-root", [pod]);
        expect(msg).toContain(
            'violates PodSecurity "restricted:latest" (namespace not labelled in this stack: policy defaultLevel)',
        );
        expect(run("pss-run-as-non-root", [pod], { defaultLevel: "baseline" })).toEqual([]);
        expect(
            run("pss-run-as-non-root", [namespace("elsewhere"), pod], { defaultLevel: "baseline" }),
        ).toEqual([]);
        expect(
            run("pss-run-as-non-root", [namespace("elsewhere"), pod], { defaultLevel: "restricted" }),
        ).toHaveLength(1);
    });

    it("a pod without a namespace is in the default Namespace", () => {
        const pod = workload("Pod", "p", undefined, withSc(goodSpec(), { privileged: true }));
        expect(run("pss-privileged", [pod])).toHaveLength(1);
        expect(run("pss-privileged", [labelled("default", "privileged"), pod])).toEqual([]);
        expect(run("pss-privileged", [labelled("other", "privileged"), pod])).toHaveLength(1);
    });

    it("a privileged namespace skips every check; defaultLevel privileged too", () => {
        const spec = withSc(
            { ...goodSpec(), hostNetwork: true, volumes: [{ name: "h", hostPath: { path: "/" } }] },
            { privileged: true },
        );
        expect(runAll([labelled("sys", "privileged"), workload("DaemonSet", "agent", "sys", spec)])).toEqual(
            [],
        );
        expect(runAll([workload("DaemonSet", "agent", "sys", spec)], { defaultLevel: "privileged" })).toEqual(
            [],
        );
        expect(runAll([workload("DaemonSet", "agent", "sys", spec)]).length).toBeGreaterThanOrEqual(3);
    });

    it("a check newer than enforce-version does not apply", () => {
        const probe = withContainer(goodSpec(), {
            livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } },
        });
        expect(
            run("pss-host-probes", [labelled("a", "baseline", "v1.33"), workload("Pod", "p", "a", probe)]),
        ).toEqual([]);
        expect(
            run("pss-host-probes", [labelled("a", "baseline", "v1.34"), workload("Pod", "p", "a", probe)]),
        ).toHaveLength(1);
        const root = { ...goodSpec(), securityContext: { ...goodSpec().securityContext, runAsUser: 0 } };
        expect(
            run("pss-run-as-user", [labelled("a", "restricted", "v1.22"), workload("Pod", "p", "a", root)]),
        ).toEqual([]);
        const [msg] = run("pss-run-as-user", [
            labelled("a", "restricted", "v1.23"),
            workload("Pod", "p", "a", root),
        ]);
        expect(msg).toContain('violates PodSecurity "restricted:v1.23"');
    });

    it("sysctls: the two v1.37 sysctls fail at v1.36 and pass at v1.37 and latest", () => {
        const spec = {
            ...goodSpec(),
            securityContext: {
                ...goodSpec().securityContext,
                sysctls: [{ name: "net.ipv4.tcp_notsent_lowat", value: "16384" }],
            },
        };
        expect(
            run("pss-sysctls", [labelled("a", "baseline", "v1.36"), workload("Pod", "p", "a", spec)]),
        ).toHaveLength(1);
        expect(
            run("pss-sysctls", [labelled("a", "baseline", "v1.37"), workload("Pod", "p", "a", spec)]),
        ).toEqual([]);
        expect(
            run("pss-sysctls", [labelled("a", "baseline", "latest"), workload("Pod", "p", "a", spec)]),
        ).toEqual([]);
        expect(run("pss-sysctls", [labelled("a", "baseline"), workload("Pod", "p", "a", spec)])).toEqual([]);
    });

    it("parses labels like PSA: invalid level fails closed, invalid version means latest, future versions clamp", () => {
        expect(parseLevel("baseline")).toBe("baseline");
        expect(parseLevel("Baseline")).toBe("restricted");
        expect(parseLevel(undefined)).toBeUndefined();
        expect(parseVersion("latest").version).toBe(37);
        expect(parseVersion("v1.25").version).toBe(25);
        expect(parseVersion("v1.99").version).toBe(37);
        expect(parseVersion("1.25").version).toBe(37);
        const spec = withSc(goodSpec(), { allowPrivilegeEscalation: true });
        expect(
            run("pss-allow-privilege-escalation", [labelled("a", "bogus"), workload("Pod", "p", "a", spec)], {
                defaultLevel: "baseline",
            }),
        ).toHaveLength(1);
    });

    it("procMount: baseline relaxes for hostUsers: false from v1.35; restricted procMount_restricted does not", () => {
        const spec = () => ({ ...withSc(goodSpec(), { procMount: "Unmasked" }), hostUsers: false });
        expect(
            run("pss-proc-mount", [labelled("a", "baseline", "v1.34"), workload("Pod", "p", "a", spec())]),
        ).toHaveLength(1);
        expect(
            run("pss-proc-mount", [labelled("a", "baseline", "v1.35"), workload("Pod", "p", "a", spec())]),
        ).toEqual([]);
        expect(
            run("pss-proc-mount", [labelled("a", "restricted", "v1.35"), workload("Pod", "p", "a", spec())]),
        ).toHaveLength(1);
        // hostUsers: false also exempts from runAsNonRoot / runAsUser at v1.35+.
        const userns = {
            ...goodSpec(),
            hostUsers: false,
            securityContext: { seccompProfile: { type: "RuntimeDefault" }, runAsUser: 0 },
        };
        expect(runAll([labelled("a", "restricted"), workload("Pod", "p", "a", userns)])).toEqual([]);
        expect(runAll([labelled("a", "restricted", "v1.34"), workload("Pod", "p", "a", userns)]).length).toBe(
            2,
        );
    });

    it("capabilities: baseline variant below v1.22 at restricted, restricted variant from v1.22", () => {
        const addRaw = withSc(goodSpec(), { capabilities: { add: ["NET_RAW"] } }); // no drop ALL
        const noDrop = withSc(goodSpec(), { capabilities: {} });
        const at = (v: string, spec: Obj) =>
            run("pss-capabilities", [labelled("a", "restricted", v), workload("Pod", "p", "a", spec)]);
        expect(at("v1.21", addRaw)[0]).toContain("non-default capabilities");
        expect(at("v1.21", noDrop)).toEqual([]);
        const [msg] = at("v1.22", addRaw);
        expect(msg).toContain(
            'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "NET_RAW"',
        );
        expect(at("v1.22", noDrop)).toHaveLength(1);
        // At baseline, only the baseline variant runs.
        expect(
            run("pss-capabilities", [labelled("a", "baseline"), workload("Pod", "p", "a", noDrop)]),
        ).toEqual([]);
    });

    it("seccomp: Unconfined is reported once at restricted (the restricted variant overrides the baseline one)", () => {
        const spec = withSc(goodSpec(), { seccompProfile: { type: "Unconfined" } });
        expect(
            run("pss-seccomp", [labelled("a", "restricted"), workload("Pod", "p", "a", spec)]),
        ).toHaveLength(1);
        expect(
            run("pss-seccomp", [labelled("a", "baseline"), workload("Pod", "p", "a", goodSpec())]),
        ).toEqual([]);
    });

    it("hostPath: pss-host-path-volumes at baseline, pss-restricted-volumes at restricted (override)", () => {
        const spec = { ...goodSpec(), volumes: [{ name: "h", hostPath: { path: "/var/log" } }] };
        const b = runAll([labelled("a", "baseline"), workload("Pod", "p", "a", spec)]);
        expect(b.map((m) => m.split(":")[0])).toEqual(["pss-host-path-volumes"]);
        const r = runAll([labelled("a", "restricted"), workload("Pod", "p", "a", spec)]);
        expect(r.map((m) => m.split(":")[0])).toEqual(["pss-restricted-volumes"]);
        expect(r[0]).toContain('volume "h" uses restricted volume type "hostPath"');
    });

    it("Windows pods are exempt from the Linux-only restricted checks from v1.25", () => {
        const spec = {
            os: { name: "windows" },
            securityContext: { runAsNonRoot: true },
            containers: [{ name: "w", image: "i" }],
        };
        expect(runAll([labelled("a", "restricted"), workload("Pod", "p", "a", spec)])).toEqual([]);
        const old = runAll([labelled("a", "restricted", "v1.24"), workload("Pod", "p", "a", spec)]).map(
            (m) => m.split(":")[0],
        );
        expect(old.sort()).toEqual(["pss-allow-privilege-escalation", "pss-capabilities", "pss-seccomp"]);
        // ...but not from runAsNonRoot, nor from baseline checks.
        const root = { ...spec, securityContext: {}, hostNetwork: true };
        const names = runAll([labelled("a", "restricted"), workload("Pod", "p", "a", root)]).map(
            (m) => m.split(":")[0],
        );
        expect(names.sort()).toEqual(["pss-host-namespaces", "pss-run-as-non-root"]);
    });
});

describe("coverage of kinds and container lists", () => {
    it.each(Object.keys(groups))("%s", (kind) => {
        const spec = withSc(goodSpec(), { privileged: true });
        const found = run("pss-privileged", [
            labelled("apps", "baseline"),
            workload(kind, "w", "apps", spec),
        ]);
        expect(found).toEqual([
            `${kind} "w" in namespace "apps" violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)`,
        ]);
        expect(
            run("pss-privileged", [labelled("apps", "baseline"), workload(kind, "w", "apps", goodSpec())]),
        ).toEqual([]);
    });

    it.each(["containers", "initContainers", "ephemeralContainers"])("checks %s", (list) => {
        const spec = goodSpec();
        spec[list] = [
            ...(spec[list] ?? []),
            { name: "x", image: "i", securityContext: { allowPrivilegeEscalation: true, runAsUser: 0 } },
        ];
        const found = runAll([labelled("apps", "restricted"), workload("Job", "j", "apps", spec)]);
        const names = found.map((m) => m.split(":")[0]).sort();
        expect(names).toEqual(["pss-allow-privilege-escalation", "pss-capabilities", "pss-run-as-user"]);
        expect(found.every((m) => m.includes('"x"'))).toBe(true);
    });

    it("ignores resources that carry no pod", () => {
        const cm: PolicyResource = {
            type: "kubernetes:core/v1:ConfigMap",
            name: "c",
            urn: "u",
            props: { metadata: { name: "c" }, data: { spec: "x" } },
        };
        const svc: PolicyResource = {
            type: "aws:ec2/instance:Instance",
            name: "i",
            urn: "u2",
            props: { spec: { containers: [] } },
        };
        expect(runAll([cm, svc])).toEqual([]);
    });

    it("builds the Namespace index once per evaluation, not once per pod", () => {
        let reads = 0;
        const ns = labelled("apps", "restricted");
        const meta = ns.props.metadata;
        ns.props = {
            get metadata() {
                reads++;
                return meta;
            },
        };
        const pods = Array.from({ length: 200 }, (_, i) =>
            workload("Pod", `p${i}`, "apps", withSc(goodSpec(), { privileged: true })),
        );
        expect(run("pss-privileged", [ns, ...pods])).toHaveLength(200);
        expect(reads).toBeLessThanOrEqual(3);
    });
});

describe("values unknown during preview", () => {
    class UnknownValueError extends Error {}
    const unknownGetter = (obj: Obj, key: string): Obj =>
        Object.defineProperty(obj, key, {
            enumerable: true,
            get() {
                throw new UnknownValueError(`${key} can't be known during preview`);
            },
        });

    it("skips only the checks that read an unknown value, and does not crash", () => {
        const spec = goodSpec();
        spec.hostNetwork = true;
        unknownGetter(spec.containers[0], "securityContext");
        const found = runAll([labelled("apps", "restricted"), workload("Deployment", "d", "apps", spec)]);
        // The host namespace finding is still there; container-level checks that hit the unknown are skipped.
        expect(found.map((m) => m.split(":")[0])).toEqual(["pss-host-namespaces"]);
    });

    it("an unknown pod name, pod namespace, namespace name or label does not hide the pod", () => {
        const spec = withSc(goodSpec(), { privileged: true });
        const d = workload("Deployment", "fallback-name", "apps", spec);
        unknownGetter(d.props.metadata, "name");
        expect(run("pss-privileged", [labelled("apps", "baseline"), d])[0]).toContain(
            'Deployment "fallback-name" in namespace "apps"',
        );

        const n = workload("Deployment", "d", "apps", spec);
        unknownGetter(n.props.metadata, "namespace");
        expect(run("pss-privileged", [labelled("apps", "privileged"), n])[0]).toContain(
            'in namespace (not known until apply) violates PodSecurity "restricted:latest"',
        );

        const auto = namespace("x");
        unknownGetter(auto.props.metadata, "name");
        const lbl = namespace("apps");
        unknownGetter(lbl.props.metadata.labels, "pod-security.kubernetes.io/enforce");
        expect(
            run("pss-privileged", [auto, lbl, workload("Deployment", "d", "apps", spec)], {
                defaultLevel: "baseline",
            }),
        ).toHaveLength(1);
    });

    it("with the real @pulumi/policy unknown-checking proxy", () => {
        const api = policyProxy as unknown as {
            unknownCheckingProxy: <T>(o: T) => T;
            unknownBooleanValue: string;
            unknownStringValue: string;
        };
        const spec = goodSpec();
        spec.containers.push({
            name: "unk",
            image: api.unknownStringValue,
            securityContext: {
                privileged: api.unknownBooleanValue,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
            },
        });
        spec.containers.push({
            name: "bad",
            image: "i",
            securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                runAsUser: 0,
            },
        });
        const d = workload("StatefulSet", "s", "apps", spec);
        d.props.metadata.name = api.unknownStringValue;
        d.props = api.unknownCheckingProxy(d.props);
        const found = runAll([labelled("apps", "restricted"), d]);
        expect(found).toHaveLength(1);
        expect(found[0]).toContain('pss-run-as-user: StatefulSet "s" in namespace "apps"');
        expect(found[0]).toContain('container "bad" must not set runAsUser=0');
    });

    it("does not swallow other errors", () => {
        const spec = goodSpec();
        Object.defineProperty(spec.containers[0], "securityContext", {
            get() {
                throw new TypeError("boom");
            },
        });
        expect(() => run("pss-privileged", [workload("Pod", "p", "apps", spec)])).toThrow("boom");
    });
});

describe("through the CrossGuard adapter", () => {
    function validate(
        p: StackValidationPolicy,
        resources: PolicyResource[],
        exemptions: PolicyConfig["exemptions"] = [],
    ) {
        const reports: Array<{ message: string; urn?: string }> = [];
        const args = { resources, getConfig: () => ({ defaultLevel: "restricted", exemptions }) };
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a minimal fake of StackValidationArgs
        (p.validateStack as any)(args, (message: string, urn?: string) => reports.push({ message, urn }));
        return reports;
    }

    it("reports violations, and an exemption with a reason suppresses them", () => {
        const cg = toCrossGuard(policy("pss-privileged")) as StackValidationPolicy;
        expect(cg.name).toBe("pss-privileged");
        expect(cg.enforcementLevel).toBe("mandatory");
        expect(typeof cg.validateStack).toBe("function");
        expect((cg.configSchema?.properties as Obj).defaultLevel.enum).toEqual([
            "privileged",
            "baseline",
            "restricted",
        ]);
        const d = workload("DaemonSet", "falco", "falco", withSc(goodSpec(), { privileged: true }));
        const reports = validate(cg, [d]);
        expect(reports).toEqual([
            { message: expect.stringContaining('DaemonSet "falco" in namespace "falco"'), urn: d.urn },
        ]);
        expect(validate(cg, [d], [{ namespace: "falco", reason: "Falco loads a kernel driver" }])).toEqual(
            [],
        );
        expect(validate(cg, [d], [{ namespace: "other", reason: "unrelated" }])).toHaveLength(1);
    });
});
