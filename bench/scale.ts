/**
 * Scale: `npm run guard -- --manifests` over 1,000 and 10,000 generated Kubernetes objects, each run a fresh guard
 * process (node guard/bin.js, as `npm run guard` starts it). Wall time from spawn to exit; peak RSS of the guard and
 * the policy pack together, sampled from /proc (the sum of VmRSS over the guard's process tree, every 20 ms).
 *
 * The objects are deterministic: 20 namespaces labelled PSA `restricted` (enforce, audit, warn), each with a
 * default-deny NetworkPolicy, and hardened Deployments spread over them (digest-pinned images from an approved registry,
 * non-root, read-only root filesystem, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp,
 * requests and limits, probes, no service-account token), one YAML file per namespace.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { Summary, nowMs, summarize } from "./stats";

export const scaleNamespaces = 20;

/** The generated objects: 2 per namespace (Namespace + default-deny), the rest Deployments. */
export function scaleObjects(total: number): Array<{ file: string; objects: Record<string, unknown>[] }> {
    if (total < 2 * scaleNamespaces + 1)
        throw new Error(`scale needs more than ${2 * scaleNamespaces} objects`);
    const files = Array.from({ length: scaleNamespaces }, (_, i) => {
        const ns = `team-${String(i + 1).padStart(2, "0")}`;
        const objects: Record<string, unknown>[] = [
            {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: {
                    name: ns,
                    labels: {
                        "pod-security.kubernetes.io/enforce": "restricted",
                        "pod-security.kubernetes.io/enforce-version": "latest",
                        "pod-security.kubernetes.io/audit": "restricted",
                        "pod-security.kubernetes.io/warn": "restricted",
                    },
                },
            },
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "default-deny", namespace: ns },
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            },
        ];
        return { file: `${ns}.yaml`, objects };
    });
    for (let d = 0; d < total - 2 * scaleNamespaces; d++) {
        const f = files[d % scaleNamespaces];
        const ns = (f.objects[0].metadata as { name: string }).name;
        const name = `svc-${String(d).padStart(5, "0")}`;
        const digest = (d * 2654435761 + 97).toString(16).padStart(8, "0").repeat(8).slice(0, 64);
        f.objects.push(hardenedDeployment(ns, name, `registry.k8s.io/scale-bench/${name}@sha256:${digest}`));
    }
    return files;
}

function hardenedDeployment(namespace: string, name: string, image: string): Record<string, unknown> {
    const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "scale-bench" };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace, labels },
        spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    automountServiceAccountToken: false,
                    securityContext: {
                        runAsNonRoot: true,
                        runAsUser: 10001,
                        runAsGroup: 10001,
                        fsGroup: 10001,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [
                        {
                            name: "app",
                            image,
                            ports: [{ name: "http", containerPort: 8080 }],
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                readOnlyRootFilesystem: true,
                                runAsNonRoot: true,
                                capabilities: { drop: ["ALL"] },
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            resources: {
                                requests: { cpu: "100m", memory: "128Mi" },
                                limits: { cpu: "500m", memory: "256Mi" },
                            },
                            readinessProbe: { httpGet: { path: "/ready", port: "http" }, periodSeconds: 10 },
                            livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 20 },
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
                },
            },
        },
    };
}

/** Writes the objects into a new temporary directory; returns it. */
export function writeScaleManifests(total: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-scale-${total}-`));
    for (const f of scaleObjects(total))
        fs.writeFileSync(path.join(dir, f.file), f.objects.map((o) => stringify(o)).join("---\n"));
    return dir;
}

/** Sum of VmRSS (kB) over a process and its descendants, from /proc; 0 when it is gone. */
export function treeRssKb(pid: number): number {
    let total = 0;
    const visit = (p: number) => {
        try {
            const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
            const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
            if (m) total += Number(m[1]);
            for (const t of fs.readdirSync(`/proc/${p}/task`)) {
                const children = fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
                for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
            }
        } catch {
            // the process ended between two reads
        }
    };
    visit(pid);
    return total;
}

export interface GuardProcessRun {
    wallMs: number;
    peakRssMb: number;
    code: number;
}

/** One guard process: `node <root>/guard/bin.js ...args`; exit codes 0 and 1 are results, anything else fails. */
export function guardProcess(root: string, args: string[]): Promise<GuardProcessRun> {
    return new Promise((resolve, reject) => {
        const t0 = nowMs();
        const child = spawn(process.execPath, [path.join(root, "guard", "bin.js"), ...args], {
            cwd: root,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let peakKb = 0;
        const timer = setInterval(() => (peakKb = Math.max(peakKb, treeRssKb(child.pid!))), 20);
        const err: Buffer[] = [];
        child.stdout.resume();
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.on("error", (e) => {
            clearInterval(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearInterval(timer);
            const wallMs = nowMs() - t0;
            if (code !== 0 && code !== 1) {
                const tail = Buffer.concat(err).toString().trim().split("\n").slice(-3).join(" | ");
                reject(new Error(`guard ${args.join(" ")} exited with ${code}: ${tail}`));
                return;
            }
            resolve({ wallMs, peakRssMb: peakKb / 1024, code: code ?? -1 });
        });
    });
}

export interface ScaleSize {
    objects: number;
    wallMs: Summary;
    /** Highest peak over the runs, MB (guard + pack). */
    peakRssMb: number;
    exitCode: number;
}

export interface ScaleResult {
    runs: number;
    manifests1k: ScaleSize;
    manifests10k: ScaleSize;
}

export async function measureScale(opts: {
    runs: number;
    root: string;
    sizes?: [number, number];
    progress?: (l: string) => void;
}): Promise<ScaleResult> {
    const [small, large] = opts.sizes ?? [1000, 10000];
    const one = async (n: number): Promise<ScaleSize> => {
        const dir = writeScaleManifests(n);
        try {
            const runs: GuardProcessRun[] = [];
            for (let i = 0; i < opts.runs; i++) {
                opts.progress?.(`scale ${n} objects, run ${i + 1}/${opts.runs}`);
                runs.push(await guardProcess(opts.root, ["--manifests", dir, "--json"]));
            }
            return {
                objects: n,
                wallMs: summarize(runs.map((r) => r.wallMs)),
                peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
                exitCode: runs[runs.length - 1].code,
            };
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
    return { runs: opts.runs, manifests1k: await one(small), manifests10k: await one(large) };
}
