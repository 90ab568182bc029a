// Bad stack config stops the blueprint with one line per problem, naming the key, before any resource.
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.join(__dirname, "../..");
function guard(...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, "guard/bin.js"), ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("several bad keys are all reported, one line each, and nothing is previewed", () => {
    const r = guard(
        "--config",
        "cluster.version=1.20",
        "--config",
        "monitoring.retention=forever",
        "--config",
        "falco.priority=loud",
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("guard: "));
    expect(lines).toEqual(
        expect.arrayContaining([
            expect.stringMatching(/^guard: config cluster\.version: .*1\.20/),
            expect.stringMatching(/^guard: config monitoring\.retention: /),
            expect.stringMatching(/^guard: config falco\.priority: /),
        ]),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
});

test("an endpoint open to the internet is refused", () => {
    const r = guard(
        "--config",
        "cluster.endpointPublicAccess=true",
        "--config",
        'cluster.endpointPublicAccessCidrs=["0.0.0.0/0"]',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config cluster\.endpointPublicAccessCidrs: .*0\.0\.0\.0\/0/);
});
