/** Fresh machine: promtool is installed by the test set-up when possible, else one line names the command. */
import { ensurePromtool, installCommand, PromtoolHost, SetupError } from "../lib/promtool";

function host(opts: { onPath?: string[]; root: boolean; installs?: boolean; failStep?: string }) {
    const onPath = new Set(opts.onPath ?? []);
    const calls: Array<{ cmd: string; args: string[]; env: Record<string, string> }> = [];
    const h: PromtoolHost = {
        which: (cmd) => (onPath.has(cmd) ? `/usr/bin/${cmd}` : undefined),
        isRoot: () => opts.root,
        run: (cmd, args, env) => {
            calls.push({ cmd, args, env });
            if (args[0] === opts.failStep) return { code: 100, tail: "E: Unable to locate package" };
            if (args[0] === "install" && opts.installs !== false) onPath.add("promtool");
            return { code: 0, tail: "" };
        },
    };
    return { h, calls };
}

const quiet = () => undefined;

describe("ensurePromtool", () => {
    test("promtool on PATH: used as is, nothing installed", () => {
        const { h, calls } = host({ onPath: ["promtool", "apt-get"], root: true });
        expect(ensurePromtool(h, quiet)).toBe("/usr/bin/promtool");
        expect(calls).toEqual([]);
    });

    test("missing, root with apt: apt-get update then a non-interactive install of prometheus", () => {
        const { h, calls } = host({ onPath: ["apt-get"], root: true });
        expect(ensurePromtool(h, quiet)).toBe("/usr/bin/promtool");
        expect(calls.map((c) => [c.cmd, ...c.args])).toEqual([
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "prometheus"],
        ]);
        for (const c of calls) expect(c.env.DEBIAN_FRONTEND).toBe("noninteractive");
    });

    test("missing, not root: fails at once with one line naming the command, installs nothing", () => {
        const { h, calls } = host({ onPath: ["apt-get"], root: false });
        let err: unknown;
        try {
            ensurePromtool(h, quiet);
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(SetupError);
        const msg = (err as Error).message;
        expect(msg).toContain(installCommand);
        expect(msg).not.toContain("\n");
        expect((err as Error).stack).toBe(`SetupError: ${msg}`);
        expect(calls).toEqual([]);
    });

    test("missing, root without apt: the same one line", () => {
        const { h } = host({ root: true });
        expect(() => ensurePromtool(h, quiet)).toThrow(installCommand);
    });

    test("a failing apt-get step is one line with its exit code and the command to run", () => {
        const { h, calls } = host({ onPath: ["apt-get"], root: true, failStep: "install" });
        expect(() => ensurePromtool(h, quiet)).toThrow(
            /^apt-get install failed \(exit 100: E: Unable to locate package\); .*apt-get install -y prometheus/,
        );
        expect(calls).toHaveLength(2);
    });

    test("an install that leaves no promtool on PATH is reported, not ignored", () => {
        const { h } = host({ onPath: ["apt-get"], root: true, installs: false });
        expect(() => ensurePromtool(h, quiet)).toThrow(/installed no promtool/);
    });
});
