/**
 * The child process that runs the program under test (started by program-process.ts, never run by hand).
 * It runs captureProgram and sends the parent exactly one message with the result (or the program's error), then
 * exits. It never writes a report or chooses the guard's exit code. The IPC channel is taken away from the
 * program: `process.send` is removed before the program loads, and only this module's private copy can send.
 */
import type { ProgramOptions } from "./capture";
import { installLazyPulumiDeps } from "./program-lazy-deps";
import { installCheapPromiseStacks } from "./promise-stacks";

// TypeScript and npm's installer, which the SDK needs only to serialise functions, load when first used.
installLazyPulumiDeps();
// The SDK's per-promise stacks, read only by its PULUMI_DEBUG_PROMISE_LEAKS report, are not captured otherwise.
installCheapPromiseStacks();

type ChildParams = Omit<ProgramOptions, "log" | "settled">;

const send = process.send?.bind(process);
delete (process as { send?: unknown }).send;

// The program's console is its log, as the engine shows a program's console output as diagnostics: stderr.
// Bytes written to process.stdout itself reach the parent, which refuses them.
const toStderr = (...a: unknown[]) => console.error(...a);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

function finish(message: unknown, code: number): void {
    if (!send) process.exit(3);
    // The channel was unref'd so that an idle program ends; hold the process until the message is out.
    (process as { channel?: { ref(): void } }).channel?.ref();
    send(message, () => process.exit(code));
}

/**
 * The parameters of the run: the first message from the guard. The child may be started before the guard knows
 * them (guard/program-process.ts prestartProgram), so it loads the SDK and the capture code while it waits.
 */
function receiveParams(): Promise<ChildParams | null> {
    return new Promise((resolve) => {
        const onMessage = (m: unknown) => {
            process.off("message", onMessage);
            process.off("disconnect", onDisconnect);
            const msg = m as { kind?: string; params?: ChildParams } | null;
            resolve(msg?.kind === "params" && msg.params ? msg.params : null);
        };
        const onDisconnect = () => resolve(null);
        process.on("message", onMessage);
        process.once("disconnect", onDisconnect);
    });
}

async function main(): Promise<void> {
    if (!send) {
        process.stderr.write("guard: program-child.ts is started by the guard, not by hand\n");
        process.exit(3);
    }
    // Listening first: the parameters may arrive while the capture code loads.
    const received = receiveParams();
    let loaded: typeof import("./capture") | undefined;
    let loadError: unknown;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require("./capture") as typeof import("./capture");
    } catch (e) {
        loadError = e;
    }
    const params = await received;
    if (!params) {
        process.stderr.write("guard: program-child.ts is started by the guard, not by hand\n");
        process.exit(3);
    }
    // An idle program (a promise nothing will settle) must end, not wait on the IPC channel forever.
    (process as { channel?: { unref(): void } }).channel?.unref();
    try {
        if (!loaded) throw loadError;
        const r = await loaded.captureProgram({
            ...params,
            log: (l) => process.stderr.write(`${l}\n`),
            // Resolved from a timer, so that the loop is alive again and a later beforeExit can fire.
            settled: () =>
                new Promise<void>((resolve) => process.once("beforeExit", () => setImmediate(resolve))),
        });
        finish({ kind: "result", resources: r.resources, warnings: r.warnings, findings: r.findings }, 0);
    } catch (e) {
        const err = e as { __pulumiRunError?: boolean; message?: string; name?: string; stack?: string };
        const user =
            err?.name === "GuardInputError" || !!err?.__pulumiRunError || err?.name === "ConfigError";
        finish(
            {
                kind: "error",
                user,
                message: user ? String(err.message) : (err?.message ?? String(e)).split("\n")[0],
                stack: process.env.GUARD_DEBUG ? err?.stack : undefined,
            },
            1,
        );
    }
}

void main();
