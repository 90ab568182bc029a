/**
 * The processes the guard starts (the policy pack, the program under test) each run in their own process group
 * (`detached: true`), and every group is killed whole (`process.kill(-pid)`) on every way out: a normal end, an
 * error, a timeout, SIGINT/SIGTERM, or `process.exit` anywhere. Nothing the guard started outlives it.
 */
const groups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // Already gone (ESRCH): nothing to do.
    }
}

/** Registers a child started with `detached: true` (so its pid is its process group id). */
export function trackGroup(pid: number | undefined): void {
    if (pid === undefined) return;
    groups.add(pid);
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", killAllGroups);
    }
}

/** Kills one tracked group (and forgets it). */
export function endGroup(pid: number | undefined): void {
    if (pid === undefined) return;
    killGroup(pid);
    groups.delete(pid);
}

/** Kills every tracked group. Synchronous: safe in an `exit` handler. */
export function killAllGroups(): void {
    for (const pid of groups) killGroup(pid);
    groups.clear();
}

/** Number of groups still tracked (for tests). */
export function trackedGroups(): number {
    return groups.size;
}

/**
 * On SIGINT/SIGTERM: kill every group, report one line and exit 2. Returns a function that removes the handlers.
 */
export function exitOnSignals(report: (line: string) => void): () => void {
    const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as NodeJS.Signals[]).map((sig) => {
        const h = () => {
            killAllGroups();
            report(`interrupted by ${sig}; stopped everything the guard started`);
            process.exit(2);
        };
        process.on(sig, h);
        return [sig, h] as const;
    });
    return () => handlers.forEach(([sig, h]) => process.off(sig, h));
}
