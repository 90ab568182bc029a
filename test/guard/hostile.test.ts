// Issue 12: the guard treats every input as hostile. Each failure path exits 2 with one line, and leaves no process
// behind: the processes carrying the run's marker (the policy pack's `run-policy-pack`, the program's child) are
// counted before and after each run. Each run has its own marker and files, and mostly waits (for its processes, a
// timeout, a signal), so the tests run concurrently.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { fx, GuardRun, killMarked, leftBehind, runGuardCli, waitForProcess } from "./helpers";

jest.setTimeout(180_000);

// Made here, not in beforeAll: concurrent tests may start before the hooks run.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "guard-hostile-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function failsCleanly(args: string[], message: RegExp, opts: Parameters<typeof runGuardCli>[1] = {}) {
    let r: GuardRun | undefined;
    try {
        r = await runGuardCli(args, opts);
        const left = await leftBehind(r.marker);
        expect(left).toEqual([]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        const lines = r.stderr
            .trim()
            .split("\n")
            .filter((l) => l.startsWith("guard: "));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        return r;
    } finally {
        if (r) killMarked(r.marker);
    }
}

describe("the program under test cannot forge the verdict", () => {
    // The slowest first (it waits for its --timeout): concurrent tests start in file order.
    test.concurrent(
        "--timeout: a program that never finishes ends with exit 2, 'timed out', and no process left",
        async () => {
            const r = await failsCleanly(
                ["--program", fx("programs", "never-finishes"), "--timeout", "20"],
                /timed out after 20 s/,
            );
            expect(r.ms).toBeLessThan(90_000);
        },
    );

    test.concurrent(
        "a program that registers a privileged pod, then process.exit(0): exit 2, not a clean pass",
        async () => {
            await failsCleanly(
                ["--program", fx("programs", "exits-early")],
                /the program exited \(code \d+\) before the guard captured it/,
            );
        },
    );

    test.concurrent("a program that crashes: exit 2 with its error", async () => {
        await failsCleanly(["--program", fx("programs", "crashes")], /boom from the program/);
    });

    test.concurrent(
        "a program that writes a fake report to stdout: exit 2, and nothing of it reaches stdout",
        async () => {
            await failsCleanly(
                ["--program", fx("programs", "writes-stdout"), "--json"],
                /the program wrote to stdout/,
            );
        },
    );

    test.concurrent("--timeout must be a positive number", async () => {
        await failsCleanly(["--timeout", "soon"], /--timeout soon: expected a positive number of seconds/);
    });
});

describe("every exit ends the processes the guard started", () => {
    test.concurrent("an invalid policy config, found after the pack started", async () => {
        // Also cli.test.ts's bad-input case for this config: its one line is all of stderr.
        const r = await failsCleanly(
            [
                "--state",
                fx("state", "export-v3.json"),
                "--policy-config",
                fx("bad-input", "exemption-without-reason.json"),
            ],
            /^guard: policy config: eks-secrets-encryption: \/exemptions\/0 must have required property 'reason'/,
        );
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });

    test.concurrent(
        "a bad input and an invalid policy config: the input's error is the one reported (the config is checked while the input is read)",
        async () => {
            await failsCleanly(
                [
                    "--manifests",
                    fx("bad-input", "invalid.yaml"),
                    "--policy-config",
                    fx("bad-input", "exemption-without-reason.json"),
                ],
                /invalid\.yaml: invalid YAML/,
            );
        },
    );

    test.concurrent.each(["SIGTERM", "SIGINT"] as const)(
        "%s while the pack and the program run: exit 2, one line, nothing left",
        async (sig) => {
            await failsCleanly(
                ["--program", fx("programs", "never-finishes")],
                new RegExp(`interrupted by ${sig}`),
                {
                    during: (pid, marker) => {
                        void (async () => {
                            // Both the policy pack and the program's child are running before the signal.
                            await waitForProcess(marker, /run-policy-pack/);
                            await waitForProcess(marker, /program-child/);
                            process.kill(pid, sig);
                        })();
                    },
                },
            );
        },
    );
});

describe("--manifests and --state never hold unknowns", () => {
    test.concurrent(
        "a container named with the unknown sentinel: exit 2 naming the file, the object and the path",
        async () => {
            await failsCleanly(
                ["--manifests", fx("hostile", "unknown-container-name.yaml")],
                /unknown-container-name\.yaml: document 1 \(Pod sneaky\): holds the unknown-value sentinel 04da6b54-80e4-46f7-96ec-b56ff0331ba9 at \/spec\/containers\/0\/name/,
            );
        },
    );

    test.concurrent(
        "the sentinel in a state export: exit 2 naming the file, the resource and the path",
        async () => {
            await failsCleanly(
                ["--state", fx("hostile", "state-with-unknown.json")],
                /state-with-unknown\.json: resource urn:pulumi:prod::app::aws:eks\/cluster:Cluster::prod: holds the unknown-value sentinel .* at \/inputs\/vpcConfig\/endpointPublicAccess/,
            );
        },
    );
});

describe("input with no objects is an error, not a clean report", () => {
    test.concurrent("an empty manifest file", async () => {
        await failsCleanly(["--manifests", fx("hostile", "empty.yaml")], /no Kubernetes objects found/);
    });

    test.concurrent("a directory without YAML", async () => {
        const dir = path.join(tmp, "no-yaml");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "README.md"), "not a manifest\n");
        await failsCleanly(["--manifests", dir], /no Kubernetes objects found/);
    });

    test.concurrent("a state export with zero resources", async () => {
        await failsCleanly(["--state", fx("hostile", "state-empty.json")], /holds no resources/);
    });
});

describe("special files are refused without being opened, symlink loops are detected", () => {
    test.concurrent("a FIFO named *.yaml in a directory (it would block a reader forever)", async () => {
        const dir = path.join(tmp, "fifo");
        fs.mkdirSync(dir);
        execFileSync("mkfifo", [path.join(dir, "pod.yaml")]);
        const r = await failsCleanly(["--manifests", dir], /pod\.yaml: a FIFO, not a regular file/);
        expect(r.ms).toBeLessThan(60_000);
    });

    test.concurrent("a FIFO given as --state", async () => {
        const fifo = path.join(tmp, "state.json");
        execFileSync("mkfifo", [fifo]);
        await failsCleanly(["--state", fifo], /state\.json: a FIFO, not a regular file/);
    });

    test.concurrent("a socket", async () => {
        const sock = path.join(tmp, "s.yaml");
        const server = net.createServer().listen(sock);
        await new Promise((r) => server.once("listening", r));
        try {
            await failsCleanly(["--manifests", sock], /s\.yaml: a socket, not a regular file/);
        } finally {
            server.close();
        }
    });

    test.concurrent("a device", async () => {
        await failsCleanly(["--manifests", "/dev/zero"], /\/dev\/zero: a device, not a regular file/);
    });

    test.concurrent("a symlink loop", async () => {
        const dir = path.join(tmp, "loop");
        fs.mkdirSync(dir);
        fs.symlinkSync("b.yaml", path.join(dir, "a.yaml"));
        fs.symlinkSync("a.yaml", path.join(dir, "b.yaml"));
        await failsCleanly(["--manifests", dir], /a\.yaml: symlink loop/);
    });

    test.concurrent("a directory symlink back to an ancestor", async () => {
        const dir = path.join(tmp, "dirloop");
        fs.mkdirSync(path.join(dir, "sub"), { recursive: true });
        fs.symlinkSync("..", path.join(dir, "sub", "up"));
        await failsCleanly(["--manifests", dir], /up: symlink loop/);
    });
});
