/**
 * The guard starts the program's process before it has loaded the rest of itself (guard/bin.js ->
 * prestartProgram), and hands it its parameters over the IPC channel once the run needs it. The prestarted process
 * is used only when it is exactly the one the run would start; any other is ended, and none is left behind.
 */
import * as fs from "fs";
import * as path from "path";
import {
    captureProgramInChild,
    prestartedPid,
    prestartProgram,
    prestartStats,
} from "../../guard/program-process";
import { killAllGroups } from "../../guard/processes";
import { fx, killMarked, leftBehind, root, runGuardCli } from "./helpers";

jest.setTimeout(180_000);

const alive = (pid: number) => {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return !/^\d+ \(.*\) Z/.test(stat);
    } catch {
        return false;
    }
};

const captureOpts = (program: string) => ({
    program: path.join(root, program),
    project: "fixture",
    stack: "dev",
    config: {},
    secretKeys: [],
    log: () => undefined,
});

describe("the prestarted program process", () => {
    afterAll(() => killAllGroups());

    test("is used when it is the process the run needs: the capture is the same as with a new one", async () => {
        const fresh = await captureProgramInChild(captureOpts(fx("programs", "capture")));
        const before = { ...prestartStats };
        prestartProgram(["--program", path.join(root, fx("programs", "capture")), "--json"], root);
        const pid = prestartedPid();
        expect(pid).toBeDefined();
        // The process loads the SDK while it waits for its parameters.
        await new Promise((r) => setTimeout(r, 500));
        expect(alive(pid!)).toBe(true);
        const reused = await captureProgramInChild(captureOpts(fx("programs", "capture")));
        expect(prestartStats.used - before.used).toBe(1);
        expect(reused).toEqual(fresh);
        expect(fresh.resources.length).toBeGreaterThan(3);
        expect(alive(pid!)).toBe(false);
    });

    test("is ended, never used, when the run needs another program", async () => {
        const before = { ...prestartStats };
        prestartProgram([`--program=${path.join(root, fx("programs", "crashes"))}`], root);
        const pid = prestartedPid();
        expect(pid).toBeDefined();
        const r = await captureProgramInChild(captureOpts(fx("programs", "capture")));
        expect(r.resources.some((x) => x.type === "kubernetes:core/v1:Namespace")).toBe(true);
        expect(prestartStats.ended - before.ended).toBe(1);
        expect(prestartStats.used - before.used).toBe(0);
        expect(alive(pid!)).toBe(false);
    });

    test("is not started for --manifests, --state or --help", () => {
        for (const args of [["--manifests", "x.yaml"], ["--state", "s.json"], ["--help"], ["-h"]]) {
            prestartProgram(args, root);
            expect(prestartedPid()).toBeUndefined();
        }
    });

    test("a run that fails before its program is captured leaves no process behind", async () => {
        const r = await runGuardCli(["--policy-config", "does-not-exist.json"]);
        try {
            expect(r.code).toBe(2);
            expect(r.stderr).toMatch(/does-not-exist\.json/);
            expect(await leftBehind(r.marker)).toEqual([]);
        } finally {
            killMarked(r.marker);
        }
    });
});
