/**
 * A real control plane on loopback for the e2e suite: etcd and kube-apiserver (the versions pinned in e2e/tools),
 * random free ports, a temp dir, certificates and service-account keys generated with openssl, and admission with
 * PodSecurity and ValidatingAdmissionPolicy on. No kubelet, scheduler or controller-manager: nothing runs, objects
 * are only admitted and stored.
 *
 * Cleanup on every exit path: each server runs in its own process group under a small shell watchdog that kills
 * the group and removes the temp dir when this Node process disappears (even on SIGKILL); `stop()` and the
 * process's exit/signal handlers kill the groups and remove the temp dir too.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { E2eError, toolPaths } from "./tools";
import { KubeClient } from "./kube";

export interface Cluster {
    /** https://127.0.0.1:<port> */
    url: string;
    client: KubeClient;
    /** The API server's minor version (34 for v1.34.4). */
    serverMinor: number;
    serverVersion: string;
    dir: string;
    stop(): Promise<void>;
}

export interface StartOptions {
    /** Progress lines; default stderr. */
    log?: (line: string) => void;
    /** Seconds to wait for the API server to become ready (default 120: two shared cores are slow). */
    readyTimeoutSeconds?: number;
}

const openssl = fs.existsSync("/usr/bin/openssl") ? "/usr/bin/openssl" : "openssl";

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before the server binds it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.unref();
        s.on("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

function ssl(dir: string, args: string[]): void {
    execFileSync(openssl, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** CA, serving certificate (127.0.0.1, localhost, the kubernetes service names), admin client, SA key pair. */
export function generatePki(dir: string): void {
    const days = "2";
    ssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", days,
        "-subj", "/CN=e2e-ca", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]); // prettier-ignore
    const sign = (name: string, subj: string, ext: string) => {
        fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
        ssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subj]); // prettier-ignore
        ssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", `${name}.crt`, "-days", days, "-extfile", `${name}.ext`]); // prettier-ignore
    };
    sign(
        "apiserver",
        "/CN=kube-apiserver",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" +
            "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default," +
            "DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n",
    );
    sign(
        "admin",
        "/O=system:masters/CN=e2e-admin",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n",
    );
    ssl(dir, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key"]);
    ssl(dir, ["pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub"]);
}

/**
 * Runs `binary args` as the leader's child in a new process group, under a shell watchdog: when the Node process
 * `parent` is gone, the watchdog kills its group and removes `cleanDir`.
 */
const watchdog = `parent=$1; dir=$2; shift 2
"$@" &
child=$!
while kill -0 "$parent" 2>/dev/null; do
  if ! kill -0 "$child" 2>/dev/null; then wait "$child"; exit $?; fi
  sleep 1
done
kill -KILL "$child" 2>/dev/null
rm -rf "$dir"
kill -KILL 0`;

interface Server {
    name: string;
    proc: ChildProcess;
    log: string;
    exited: boolean;
}

/** Every live process group this module started, for the exit handler. */
const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
let handlersInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pgid, signal);
    } catch {
        // already gone
    }
}

function groupAlive(pgid: number): boolean {
    try {
        process.kill(-pgid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Synchronous last resort on any exit: kill every group, remove every temp dir. */
function cleanupNow(): void {
    for (const g of liveGroups) killGroup(g, "SIGKILL");
    liveGroups.clear();
    for (const d of liveDirs) fs.rmSync(d, { recursive: true, force: true });
    liveDirs.clear();
}

function installHandlers(): void {
    if (handlersInstalled) return;
    handlersInstalled = true;
    process.on("exit", cleanupNow);
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
        process.on(sig, () => {
            cleanupNow();
            process.exit(sig === "SIGINT" ? 130 : 143);
        });
}

function startServer(name: string, binary: string, args: string[], dir: string): Server {
    const log = path.join(dir, `${name}.log`);
    const fd = fs.openSync(log, "a");
    const proc = spawn("/bin/sh", ["-c", watchdog, "watchdog", String(process.pid), dir, binary, ...args], {
        detached: true,
        stdio: ["ignore", fd, fd],
    });
    fs.closeSync(fd);
    const s: Server = { name, proc, log, exited: false };
    if (proc.pid) liveGroups.add(proc.pid);
    proc.on("exit", () => (s.exited = true));
    proc.unref();
    return s;
}

async function stopServer(s: Server): Promise<void> {
    const pgid = s.proc.pid;
    if (!pgid) return;
    killGroup(pgid, "SIGTERM");
    for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
    if (groupAlive(pgid)) killGroup(pgid, "SIGKILL");
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
    liveGroups.delete(pgid);
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

function tail(file: string, lines = 5): string {
    try {
        return fs.readFileSync(file, "utf8").trim().split("\n").slice(-lines).join(" | ");
    } catch {
        return "(no log)";
    }
}

/** Starts etcd and kube-apiserver and waits until /readyz answers ok. */
export async function startCluster(opts: StartOptions = {}): Promise<Cluster> {
    const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
    const tools = toolPaths(["etcd", "kube-apiserver"]);
    installHandlers();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-e2e-"));
    liveDirs.add(dir);
    const servers: Server[] = [];
    const stop = async () => {
        for (const s of servers.reverse()) await stopServer(s);
        fs.rmSync(dir, { recursive: true, force: true });
        liveDirs.delete(dir);
    };
    try {
        generatePki(dir);
        const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
        const etcdUrl = `http://127.0.0.1:${etcdClient}`;
        const peer = `http://127.0.0.1:${etcdPeer}`;
        // etcd listens on loopback only, in plain HTTP: only this test's API server talks to it.
        const etcd = startServer("etcd", tools.etcd, [
            "--name=e2e",
            `--data-dir=${path.join(dir, "etcd")}`,
            `--listen-client-urls=${etcdUrl}`,
            `--advertise-client-urls=${etcdUrl}`,
            `--listen-peer-urls=${peer}`,
            `--initial-advertise-peer-urls=${peer}`,
            `--initial-cluster=e2e=${peer}`,
            "--unsafe-no-fsync",
            "--log-level=warn",
        ], dir); // prettier-ignore
        servers.push(etcd);
        const f = (n: string) => path.join(dir, n);
        const apiserver = startServer("kube-apiserver", tools["kube-apiserver"], [
            `--etcd-servers=${etcdUrl}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--cert-dir=${f("certs")}`,
            `--tls-cert-file=${f("apiserver.crt")}`,
            `--tls-private-key-file=${f("apiserver.key")}`,
            `--client-ca-file=${f("ca.crt")}`,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-account-key-file=${f("sa.pub")}`,
            `--service-account-signing-key-file=${f("sa.key")}`,
            "--service-cluster-ip-range=10.96.0.0/16",
            "--authorization-mode=Node,RBAC",
            // EKS allows privileged containers; Pod Security admission, not this flag, must be what refuses them.
            "--allow-privileged=true",
            // Both are on by default in 1.34; listed so that a change of defaults cannot turn them off silently.
            "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,ResourceQuota," +
                "MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy",
            "--profiling=false",
            "--v=0",
        ], dir); // prettier-ignore
        servers.push(apiserver);
        const url = `https://127.0.0.1:${apiPort}`;
        const client = new KubeClient(url, {
            ca: fs.readFileSync(f("ca.crt")),
            cert: fs.readFileSync(f("admin.crt")),
            key: fs.readFileSync(f("admin.key")),
        });
        const deadline = Date.now() + (opts.readyTimeoutSeconds ?? 120) * 1000;
        for (;;) {
            for (const s of servers)
                if (s.exited) throw new E2eError(`${s.name} exited during start-up: ${tail(s.log)}`);
            const r = await client.request("GET", "/readyz").catch(() => undefined);
            if (r?.status === 200) break;
            if (Date.now() > deadline)
                throw new E2eError(
                    `kube-apiserver not ready after ${opts.readyTimeoutSeconds ?? 120} s: ${tail(apiserver.log)}`,
                );
            await sleep(500);
        }
        const v = (await client.request("GET", "/version")).body as { gitVersion: string; minor: string };
        const serverMinor = Number(String(v.minor).replace(/\D+$/, ""));
        if (!Number.isInteger(serverMinor) || serverMinor <= 0)
            throw new E2eError(`kube-apiserver reports no minor version (${JSON.stringify(v)})`);
        log(`e2e: control plane up: kube-apiserver ${v.gitVersion} at ${url}, etcd at ${etcdUrl}`);
        return { url, client, serverMinor, serverVersion: v.gitVersion, dir, stop };
    } catch (e) {
        await stop();
        throw e;
    }
}
