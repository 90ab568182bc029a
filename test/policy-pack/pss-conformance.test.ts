/**
 * Pod Security Admission conformance: Kubernetes' own v1.37 fixtures (../shared/conformance/pod-security).
 * Each fixture pod goes into a Namespace labelled with its level (enforce-version v1.37) and every pss-* policy runs
 * in-process over [namespace, pod]. pass -> no pss-* finding; fail -> at least one. 148/148, no skipping.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { policies } from "../../policy-pack/pss";
import { PolicyResource, StackPolicy } from "../../policy-pack/lib/types";
import { referencePath } from "../lib/reference";

const root = referencePath("conformance/pod-security");

interface Fixture {
    file: string;
    level: "baseline" | "restricted";
    expect: "pass" | "fail";
    pod: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
}

function loadFixtures(): Fixture[] {
    const out: Fixture[] = [];
    for (const level of ["baseline", "restricted"] as const)
        for (const expect of ["pass", "fail"] as const) {
            const dir = path.join(root, level, "v1.37", expect);
            for (const f of fs
                .readdirSync(dir)
                .filter((n) => n.endsWith(".yaml"))
                .sort())
                out.push({
                    file: `${level}/v1.37/${expect}/${f}`,
                    level,
                    expect,
                    pod: parse(fs.readFileSync(path.join(dir, f), "utf8")),
                });
        }
    return out;
}

const pssPolicies = policies.filter((p): p is StackPolicy => p.name.startsWith("pss-") && p.kind === "stack");

/** All pss-* findings for the fixture pod in a namespace labelled with its level. */
function evaluate(fx: Fixture): string[] {
    const ns = `conformance-${fx.level}`;
    const namespace: PolicyResource = {
        type: "kubernetes:core/v1:Namespace",
        name: ns,
        urn: `urn:pulumi:test::conformance::kubernetes:core/v1:Namespace::${ns}`,
        props: {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                name: ns,
                labels: {
                    "pod-security.kubernetes.io/enforce": fx.level,
                    "pod-security.kubernetes.io/enforce-version": "v1.37",
                },
            },
        },
    };
    const pod: PolicyResource = {
        type: "kubernetes:core/v1:Pod",
        name: fx.pod.metadata.name,
        urn: `urn:pulumi:test::conformance::kubernetes:core/v1:Pod::${fx.pod.metadata.name}`,
        props: { ...fx.pod, metadata: { ...fx.pod.metadata, namespace: ns } },
    };
    // The default level is deliberately the opposite of the fixture's, so only the namespace label can decide.
    const config = { defaultLevel: fx.level === "baseline" ? "restricted" : "baseline", exemptions: [] };
    return pssPolicies.flatMap((p) =>
        p.check([namespace, pod], config).map((f) => `${p.name}: ${f.message}`),
    );
}

describe("PSA conformance fixtures (v1.37)", () => {
    const fixtures = loadFixtures();

    it("finds all 148 fixtures (the folder must exist)", () => {
        expect(fixtures).toHaveLength(148);
        expect(pssPolicies).toHaveLength(16);
    });

    it("scores 148/148: pass pods get no pss-* finding, fail pods at least one", () => {
        const wrong: string[] = [];
        for (const fx of fixtures) {
            const findings = evaluate(fx);
            if (fx.expect === "pass" && findings.length > 0)
                wrong.push(`${fx.file}: unexpected ${findings.join(" | ")}`);
            if (fx.expect === "fail" && findings.length === 0) wrong.push(`${fx.file}: no finding`);
        }
        expect(wrong).toEqual([]);
        expect(fixtures.length - wrong.length).toBe(148);
    });

    it("rejects each fail fixture with the check its name points to (or the restricted check overriding it)", () => {
        const policyFor: Record<string, string> = {
            allowprivilegeescalation: "pss-allow-privilege-escalation",
            apparmorprofile: "pss-app-armor",
            capabilities_baseline: "pss-capabilities",
            capabilities_restricted: "pss-capabilities",
            hostnamespaces: "pss-host-namespaces",
            hostpathvolumes: "pss-host-path-volumes",
            hostports: "pss-host-ports",
            hostprobesandhostlifecycle: "pss-host-probes",
            privileged: "pss-privileged",
            procmount: "pss-proc-mount",
            procmount_restricted: "pss-proc-mount",
            restrictedvolumes: "pss-restricted-volumes",
            runasnonroot: "pss-run-as-non-root",
            runasuser: "pss-run-as-user",
            seccompprofile_baseline: "pss-seccomp",
            seccompprofile_restricted: "pss-seccomp",
            selinuxoptions: "pss-selinux",
            sysctls: "pss-sysctls",
            windowshostprocess: "pss-windows-host-process",
        };
        const wrong: string[] = [];
        for (const fx of fixtures.filter((f) => f.expect === "fail")) {
            const checkId = path.basename(fx.file, ".yaml").replace(/[0-9]+$/, "");
            let expected = policyFor[checkId];
            // At restricted, restrictedVolumes overrides hostPathVolumes.
            if (checkId === "hostpathvolumes" && fx.level === "restricted")
                expected = "pss-restricted-volumes";
            const names = evaluate(fx).map((f) => f.split(":")[0]);
            if (!expected || !names.includes(expected))
                wrong.push(`${fx.file}: expected ${expected}, got ${names.join(", ")}`);
        }
        expect(wrong).toEqual([]);
    });
});
