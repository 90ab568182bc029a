/**
 * The platform as the guard captures it: `npm run guard -- --json` in its own process (as a user runs it), with
 * the e2e configuration. When the guard can render Helm releases (its usage lists `--chart-dir`), the pinned helm
 * and ../shared/charts-src are passed, so the rendered children are applied too.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GuardResource } from "./plan";

export const projectRoot = path.join(__dirname, "..", "..");
export const sharedDir = path.join(projectRoot, "..", "shared");

/** `cluster.mode=existing`, default config plus Harbor and the example. */
export const e2eConfig = [
    "cluster.mode=existing",
    "harbor.enabled=true",
    "harbor.host=harbor.example.com",
    "example.enabled=true",
    `example.image=harbor.example.com/apps/web:1.0@sha256:${"a".repeat(64)}`,
];

export interface Capture {
    resources: GuardResource[];
    /** The guard's violations summary (the e2e does not judge it; the guard's own tests do). */
    summary: Record<string, unknown>;
    /** True when the guard was asked to render Helm releases. */
    rendering: boolean;
}

/** True when this guard renders Helm releases (issue 14 part 1). */
export function guardRenders(): boolean {
    try {
        return fs.readFileSync(path.join(projectRoot, "guard", "cli.ts"), "utf8").includes("--chart-dir");
    } catch {
        return false;
    }
}

export function captureGuard(helm?: string): Capture {
    const rendering = guardRenders() && !!helm;
    const args = [
        path.join(projectRoot, "guard", "bin.js"),
        "--json",
        ...e2eConfig.flatMap((c) => ["--config", c]),
    ];
    if (rendering) args.push("--helm", helm as string, "--chart-dir", path.join(sharedDir, "charts-src"));
    const r = spawnSync(process.execPath, args, {
        cwd: projectRoot,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        timeout: 600_000,
    });
    if (r.status !== 0 && r.status !== 1)
        throw new Error(
            `guard failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? "").trim().split("\n").pop()}`,
        );
    const doc = JSON.parse(r.stdout) as { resources: GuardResource[]; summary: Record<string, unknown> };
    return { resources: doc.resources, summary: doc.summary, rendering };
}
