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
import { goodSpec, labelled, namespace, withSc, workload } from "./cases/fixtures/pss";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes JSON in tests

const byName = new Map(policies.map((p) => [p.name, p as StackPolicy]));
function policy(name: string): StackPolicy {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
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

describe("each policy: pass and fail (the per-policy cases are in cases/pss/)", () => {
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
});

describe("level resolution", () => {
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

    it("parses labels like PSA: invalid level fails closed, invalid version means latest, future versions clamp", () => {
        expect(parseLevel("baseline")).toBe("baseline");
        expect(parseLevel("Baseline")).toBe("restricted");
        expect(parseLevel(undefined)).toBeUndefined();
        expect(parseVersion("latest").version).toBe(37);
        expect(parseVersion("v1.25").version).toBe(25);
        expect(parseVersion("v1.99").version).toBe(37);
        expect(parseVersion("1.25").version).toBe(37);
        // The invalid level label failing closed: cases/pss/pss-allow-privilege-escalation.cases.ts.
    });

    it("hostUsers: false also exempts from runAsNonRoot / runAsUser at v1.35+ (procMount: cases/pss/)", () => {
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
    // Every pod-bearing kind: cases/pss/pss-privileged.cases.ts.
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
