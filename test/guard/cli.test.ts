// End to end: the guard CLI as a child process, with the policy pack as its own analyzer process. The runs are
// independent and spend most of their time waiting for their processes, so they run concurrently.
import * as path from "path";
import { runGuardCliProcess, sharedGuardCli } from "../lib/shared-runs";

const fx = (...p: string[]) => path.join("test/fixtures", ...p);

jest.setTimeout(180_000);

const guard = (...args: string[]) => runGuardCliProcess(args, 120_000);

describe("guard CLI", () => {
    test.concurrent("a privileged pod manifest exits 1, naming the policy and the file", async () => {
        const r = await guard("--manifests", fx("manifests", "privileged-pod.yaml"));
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/\[mandatory\] pss-privileged: /);
        expect(r.stdout).toContain("privileged-pod.yaml");
    });

    test.concurrent(
        "--json prints exactly one document with the contract's fields, secrets redacted",
        async () => {
            // The run shared with program-mode.test.ts, which reads the same document's resource options.
            const r = await sharedGuardCli(["--program", fx("programs", "capture"), "--json"]);
            const doc = JSON.parse(r.stdout);
            expect(r.code).toBe(doc.summary.mandatory > 0 ? 1 : 0);
            expect(Object.keys(doc)).toEqual(expect.arrayContaining(["resources", "violations", "summary"]));
            const count = (level: string) =>
                doc.violations.filter((v: { level: string }) => v.level === level).length;
            expect(doc.summary).toEqual({
                resources: doc.resources.length,
                mandatory: count("mandatory"),
                advisory: count("advisory"),
            });
            const secret = doc.resources.find(
                (x: { type: string }) => x.type === "kubernetes:core/v1:Secret",
            );
            expect(secret).toMatchObject({ name: "creds", inputs: { stringData: "[secret]" } });
            expect(Object.keys(secret).sort()).toEqual([
                "dependencies",
                "inputs",
                "name",
                "options",
                "parent",
                "type",
                "urn",
            ]);
            expect(r.stdout).not.toContain("hunter2");
        },
    );

    test.concurrent(
        "mandatory violations from a stack export exit 1; the JSON names policy, level, resource and message",
        async () => {
            const r = await guard("--state", fx("state", "export-v3.json"), "--json");
            expect(r.code).toBe(1);
            const doc = JSON.parse(r.stdout);
            expect(doc.violations).toContainEqual(
                expect.objectContaining({
                    policyPack: "hardened-cluster",
                    policy: "eks-secrets-encryption",
                    level: "mandatory",
                    type: "aws:eks/cluster:Cluster",
                    name: "prod",
                    urn: "urn:pulumi:prod::app::aws:eks/cluster:Cluster::prod",
                }),
            );
            expect(doc.summary.mandatory).toBeGreaterThan(0);
        },
    );

    test.concurrent(
        "policy config: an exemption with a reason clears the violation and is listed; `all: advisory` downgrades",
        async () => {
            const exempt = await guard(
                "--state",
                fx("state", "export-v3.json"),
                "--policy-config",
                fx("policy-config", "exempt-prod.json"),
            );
            expect(exempt.stdout).not.toMatch(/eks-secrets-encryption: EKS/);
            expect(exempt.stdout).toMatch(
                /Exemptions in effect[\s\S]*eks-secrets-encryption: name=prod — legacy cluster/,
            );
            const advisory = await guard(
                "--state",
                fx("state", "export-v3.json"),
                "--policy-config",
                fx("policy-config", "all-advisory.json"),
            );
            expect(advisory.code).toBe(0);
            expect(advisory.stdout).toMatch(/\[advisory\] eks-secrets-encryption/);
        },
    );

    test.concurrent.each([
        [["--manifests", fx("missing.yaml")], /missing\.yaml: no such file or directory/],
        [["--manifests", fx("bad-input", "invalid.yaml")], /invalid\.yaml: invalid YAML/],
        [["--manifests", fx("bad-input", "no-kind.yaml")], /no-kind\.yaml: document 1 has no kind/],
        [["--state", fx("bad-input", "export-v2.json")], /export version 2 is not supported/],
        [["--bogus"], /Unknown option '--bogus'/],
        [["--state", "a.json", "--manifests", "b"], /choose one input mode/],
        // An invalid policy config (found after the pack started): hostile.test.ts, with the same checks and that
        // no process is left behind.
    ])("bad input %j exits 2 with one clear line and no stack trace", async (args, message) => {
        const r = await guard(...(args as string[]));
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        const lines = r.stderr.trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(message as RegExp);
        expect(r.stderr).not.toMatch(/\n\s+at /);
    });
});
