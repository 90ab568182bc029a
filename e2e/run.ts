/**
 * `npm run e2e`: the platform against a real kube-apiserver.
 *   npm run e2e                              everything: apply, pod admission, negative control, PSA differential
 *   npm run e2e -- --psa-differential DIR    only the differential, over any pod corpus
 * Exit codes: 0 all accepted/admitted/agreeing; 1 a refusal or disagreement; 2 an error (one line on stderr).
 */
import * as path from "path";
import { parseArgs } from "util";
import { applyLate, applyPlan, ApplyOutcome } from "./lib/apply";
import { captureGuard, sharedDir } from "./lib/capture";
import { Cluster, startCluster } from "./lib/cluster";
import { statusMessage } from "./lib/kube";
import { planApply, Plan } from "./lib/plan";
import { checkPodTemplates, describeItem, enforceLevelOf, PodCheck, podTable } from "./lib/pods";
import {
    DifferentialReport,
    differentialLines,
    differentialSummary,
    loadCorpus,
    runDifferential,
} from "./lib/psa-differential";
import { E2eError, toolPaths } from "./lib/tools";

export const conformanceDir = path.join(sharedDir, "conformance", "pod-security");

export interface NegativeControl {
    namespace: string;
    level: string;
    refused: boolean;
    message: string;
}

export interface E2eResult {
    plan: Plan;
    /** True when the guard rendered the Helm releases (--helm, --chart-dir). */
    rendering: boolean;
    applied: ApplyOutcome[];
    emulated: string[];
    pods: PodCheck[];
    negative: NegativeControl;
    differential: DifferentialReport;
    summary: string;
    ok: boolean;
}

type Log = (line: string) => void;
const stderrLog: Log = (l) => process.stderr.write(`${l}\n`);

/** A privileged pod in a restricted namespace must be refused by the API server (proves admission is on). */
export async function negativeControl(cluster: Cluster, namespace: string): Promise<NegativeControl> {
    const level = await enforceLevelOf(cluster.client, namespace);
    const r = await cluster.client.request("POST", `/api/v1/namespaces/${namespace}/pods?dryRun=All`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "e2e-negative-control", namespace },
        spec: {
            containers: [
                { name: "c", image: "registry.k8s.io/pause:3.10", securityContext: { privileged: true } },
            ],
        },
    });
    return {
        namespace,
        level,
        refused: r.status === 403 && /violates PodSecurity/.test(statusMessage(r)),
        message: `${r.status}: ${statusMessage(r)}`,
    };
}

/** The whole e2e run on a started cluster. */
export async function runE2e(cluster: Cluster, log: Log = stderrLog, helm?: string): Promise<E2eResult> {
    log("e2e: capturing the platform with the guard (cluster.mode=existing, Harbor and the example on)");
    const capture = captureGuard(helm);
    const plan = planApply(capture.resources);
    const unrendered = plan.releases.filter((r) => !r.rendered).map((r) => r.name);
    log(
        `e2e: plan: ${plan.items.length} Kubernetes objects, ${plan.skipped.length} Pulumi-only resources not applied` +
            (unrendered.length
                ? `; Helm releases not rendered (applied as nothing): ${unrendered.join(", ")}`
                : ""),
    );
    for (const i of plan.items)
        if (i.placeholders.length)
            log(`e2e: placeholder in ${describeItem(i)}: ${i.placeholders.join(", ")}`);

    log("e2e: applying (server-side apply; CRDs, Namespaces, then Helm's kind order)");
    const rep = await applyPlan(cluster.client, plan, log);
    const accepted = rep.outcomes.filter((o) => o.ok).length;
    log(
        `e2e: applied ${accepted}/${rep.outcomes.length}; emulated controllers: ${rep.emulated.length} writes`,
    );
    for (const o of rep.outcomes.filter((x) => !x.ok))
        log(`e2e: NOT APPLIED ${describeItem(o.item)}: ${o.message}`);

    log("e2e: pod templates through real admission (dryRun=All)");
    const pods = await checkPodTemplates(cluster.client, plan.items);
    log(podTable(pods));

    const restricted = plan.items.find((i) => i.kind === "Namespace" && i.object.metadata?.labels?.["pod-security.kubernetes.io/enforce"] === "restricted"); // prettier-ignore
    let nsName = restricted?.name;
    if (!nsName) {
        nsName = "e2e-negative-control";
        await cluster.client.request("POST", "/api/v1/namespaces", {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: nsName, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        });
    }
    const negative = await negativeControl(cluster, nsName);
    log(`e2e: negative control: privileged pod in ${nsName} (${negative.level}): ${negative.refused ? "refused" : "NOT REFUSED"}: ${negative.message}`); // prettier-ignore

    log("e2e: applying webhook configurations (after the pod checks: no webhook backend runs here)");
    const late = await applyLate(cluster.client, plan);
    for (const o of late.filter((x) => !x.ok)) log(`e2e: NOT APPLIED ${describeItem(o.item)}: ${o.message}`);

    log(`e2e: PSA differential over ${conformanceDir}`);
    const differential = await runDifferential(
        cluster.client,
        loadCorpus(conformanceDir),
        cluster.serverMinor,
    );
    for (const l of differentialLines(differential, cluster.serverMinor).filter(
        (x) => !x.startsWith("agree"),
    ))
        log(l);
    log(`e2e: ${differentialSummary(differential)}`);

    const applied = [...rep.outcomes, ...late];
    const nApplied = applied.filter((o) => o.ok).length;
    const refused = applied.filter((o) => !o.ok && !o.notServed).length;
    const notServed = applied.filter((o) => o.notServed).length;
    const nAdmitted = pods.filter((p) => p.verdict === "admitted").length;
    const summary = `e2e: ${nApplied} objects applied, ${nAdmitted} pod templates admitted, ${differential.agree} PSA fixtures agree`;
    const ok =
        refused === 0 &&
        notServed === 0 &&
        nAdmitted === pods.length &&
        negative.refused &&
        differential.disagree === 0 &&
        differential.unanalyzed.length === 0;
    if (!ok)
        log(
            `e2e: FAILED: ${refused} objects refused, ${notServed} not applied (kind not served), ` +
                `${pods.length - nAdmitted} pod templates ` +
                `not admitted, ${differential.disagree} disagreements, ${differential.unanalyzed.length} fixtures not ` +
                `analyzed${negative.refused ? "" : ", negative control NOT refused"}`,
        );
    return {
        plan,
        rendering: capture.rendering,
        applied,
        emulated: rep.emulated,
        pods,
        negative,
        differential,
        summary,
        ok,
    };
}

export async function main(argv: string[]): Promise<number> {
    let cluster: Cluster | undefined;
    try {
        const { values } = parseArgs({
            args: argv,
            options: { "psa-differential": { type: "string" }, help: { type: "boolean", short: "h" } },
            strict: true,
        });
        if (values.help) {
            process.stderr.write("usage: npm run e2e [-- --psa-differential DIR]\n");
            return 0;
        }
        const dir = values["psa-differential"];
        const corpus = dir ? loadCorpus(path.resolve(dir)) : undefined;
        stderrLog("e2e: tools (e2e/tools/build.sh; cold builds take minutes)");
        const tools = toolPaths(dir ? ["etcd", "kube-apiserver"] : ["etcd", "kube-apiserver", "helm"]);
        cluster = await startCluster({ log: stderrLog });
        if (corpus) {
            stderrLog(`e2e: PSA differential over ${dir}: ${corpus.fixtures.length} pods`);
            const rep = await runDifferential(cluster.client, corpus, cluster.serverMinor);
            process.stdout.write(`${differentialLines(rep, cluster.serverMinor).join("\n")}\n`);
            process.stdout.write(`${differentialSummary(rep)}\n`);
            return rep.disagree === 0 && rep.unanalyzed.length === 0 ? 0 : 1;
        }
        const result = await runE2e(cluster, stderrLog, tools.helm);
        process.stdout.write(`${result.summary}\n`);
        return result.ok ? 0 : 1;
    } catch (e) {
        const msg = e instanceof E2eError || e instanceof Error ? e.message : String(e);
        process.stderr.write(`e2e: ${msg.split("\n")[0]}\n`);
        return 2;
    } finally {
        if (cluster) {
            cluster.client.close();
            await cluster.stop();
        }
    }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
