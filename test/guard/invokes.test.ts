/**
 * `--invokes FILE`: the guard's offline invoke answers replaced from a file, so cases that depend on the account run
 * offline (issue 13): an IAM Identity Center session (role ARN with a path, item 3) and a fresh account without the
 * Auto Scaling service-linked role (item 14). The guard runs as a child process, with the pack as its own process.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { answerInvoke, loadInvokeOverrides } from "../../guard/invokes";
import { GuardInputError } from "../../guard/model";

const root = path.join(__dirname, "../..");
const fx = (...p: string[]) => path.join("test/fixtures", ...p);
const program = fx("programs", "cluster-only");

function guard(...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "guard/bin.js"), ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SSO_ROLE =
    "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0a1b2c3d4e5f6789";

describe("guard --invokes", () => {
    test("an SSO session: the deployer's access entry and the key administrators keep the role's path", () => {
        const r = guard("--program", program, "--invokes", fx("invokes", "sso-session.json"), "--json");
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout);
        const entries = doc.resources.filter(
            (x: { type: string }) => x.type === "aws:eks/accessEntry:AccessEntry",
        );
        expect(entries.map((e: { inputs: { principalArn: string } }) => e.inputs.principalArn)).toEqual([
            SSO_ROLE,
        ]);
        const keys = doc.resources.filter((x: { type: string }) => x.type === "aws:kms/key:Key");
        expect(keys).toHaveLength(2);
        for (const k of keys) {
            const admins = JSON.parse(k.inputs.policy).Statement.find(
                (s: { Sid: string }) => s.Sid === "KeyAdministrators",
            );
            expect(admins.Principal.AWS).toBe(SSO_ROLE);
        }
    });

    test("a fresh account without AWSServiceRoleForAutoScaling: exit 2 and one line naming the config key", () => {
        const r = guard("--program", program, "--invokes", fx("invokes", "fresh-account.json"));
        expect(r.code).toBe(2);
        const lines = r.stderr.trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
            /^guard: .*config cluster\.createAutoscalingServiceLinkedRole: account 123456789012 has no AWSServiceRoleForAutoScaling/,
        );
        expect(r.stdout).toBe("");
    });

    test("an unusable file: exit 2, one line", () => {
        for (const [file, why] of [
            [fx("invokes", "bad.json"), /expected an object/],
            [fx("invokes", "missing.json"), /cannot read/],
        ] as const) {
            const r = guard("--program", program, "--invokes", file);
            expect(r.code).toBe(2);
            expect(r.stderr.trim().split("\n")).toHaveLength(1);
            expect(r.stderr).toMatch(why);
        }
        const r = guard(
            "--manifests",
            fx("manifests", "privileged-pod.yaml"),
            "--invokes",
            fx("invokes", "sso-session.json"),
        );
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/program mode only/);
    });

    test("overrides win over the built-in answers, which stay for every other token", () => {
        const o = loadInvokeOverrides(path.join(root, fx("invokes", "sso-session.json")));
        expect(answerInvoke("aws:iam/getSessionContext:getSessionContext", {}, o)?.issuerArn).toBe(SSO_ROLE);
        expect(answerInvoke("aws:index/getRegion:getRegion", {}, o)?.region).toBe("eu-west-1");
        // Built in: an assumed-role session's issuer is its role; an IAM user is its own issuer.
        expect(
            answerInvoke("aws:iam/getSessionContext:getSessionContext", {
                arn: "arn:aws:sts::123456789012:assumed-role/deployer/session",
            })?.issuerArn,
        ).toBe("arn:aws:iam::123456789012:role/deployer");
        expect(() => loadInvokeOverrides(path.join(root, fx("invokes", "bad.json")))).toThrow(
            GuardInputError,
        );
    });
});
