/**
 * The security alerts, checked by the REAL Prometheus tool: `promtool check rules` on the generated rule file, and
 * `promtool test rules` with synthetic series - each alert fires when it should and stays silent when it should not.
 * promtool comes from Debian's `prometheus` package (`apt-get install -y prometheus`); when it is missing, these tests
 * FAIL (they never skip).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { alertNames, AlertRule, securityAlertGroups } from "../../components/monitoring/alertRules";
import { ensurePromtool } from "../lib/promtool";

/** promtool from PATH; installed here on a fresh machine when possible, else this suite fails at once with one line. */
const promtool = ensurePromtool();
function promtoolPath(): string {
    return promtool;
}

function run(args: string[], cwd: string): { code: number; out: string } {
    const r = spawnSync(promtoolPath(), args, { cwd, encoding: "utf8" });
    return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

const rule = (name: string): AlertRule => {
    const r = securityAlertGroups()[0].rules.find((x) => x.alert === name);
    if (!r) throw new Error(`no alert ${name}`);
    return r;
};

/** Expected alert: the rule's static labels and description plus the series' labels and the rendered summary. */
function expected(name: string, labels: Record<string, string>, summary: string) {
    const r = rule(name);
    return {
        exp_labels: { ...labels, ...r.labels },
        exp_annotations: { summary, description: r.annotations.description },
    };
}

const falcoEvent =
    'falcosecurity_falco_rules_matches_total{priority="%p",rule_name="%r",instance="10.0.0.1:8765"}';
const series = (s: string, p: string, r: string) => s.replace("%p", p).replace("%r", r);

/** Synthetic series and expectations, one test group per alert. */
function unitTests() {
    return {
        rule_files: ["rules.yaml"],
        evaluation_interval: "1m",
        tests: [
            {
                name: "Falco: an event at warning or worse fires at once; notice and flat counters stay silent",
                interval: "1m",
                input_series: [
                    {
                        series: series(falcoEvent, "4", "Shell in a platform container"),
                        values: "0 0 1 1 1 1 1 1 1 1 1 1",
                    },
                    { series: series(falcoEvent, "5", "Noisy notice rule"), values: "0+1x11" },
                    { series: series(falcoEvent, "2", "Old critical"), values: "7x11" },
                ],
                alert_rule_test: [
                    { eval_time: "1m", alertname: alertNames.falcoEvent, exp_alerts: [] },
                    {
                        eval_time: "2m",
                        alertname: alertNames.falcoEvent,
                        exp_alerts: [
                            expected(
                                alertNames.falcoEvent,
                                {
                                    priority: "4",
                                    rule_name: "Shell in a platform container",
                                    instance: "10.0.0.1:8765",
                                },
                                "Falco rule Shell in a platform container matched at priority 4",
                            ),
                        ],
                    },
                    { eval_time: "11m", alertname: alertNames.falcoEvent, exp_alerts: [] },
                ],
            },
            {
                name: "Falco: kernel event drops for 10 minutes fire; a flat drop counter does not",
                interval: "1m",
                input_series: [
                    { series: 'falcosecurity_scap_n_drops_total{hostname="node-a"}', values: "0+5x30" },
                    { series: 'falcosecurity_scap_n_drops_total{hostname="node-b"}', values: "42x30" },
                ],
                alert_rule_test: [
                    { eval_time: "5m", alertname: alertNames.falcoDrops, exp_alerts: [] },
                    {
                        eval_time: "25m",
                        alertname: alertNames.falcoDrops,
                        exp_alerts: [
                            expected(
                                alertNames.falcoDrops,
                                { hostname: "node-a" },
                                "Falco is dropping kernel events on node-a",
                            ),
                        ],
                    },
                ],
            },
            {
                name: "Falco: a node without Falco for 10 minutes fires; nodes with Falco do not",
                interval: "1m",
                input_series: [
                    { series: 'kube_node_info{node="node-a"}', values: "1x30" },
                    { series: 'kube_node_info{node="node-b"}', values: "1x30" },
                    { series: 'falcosecurity_evt_hostname_info{hostname="node-a"}', values: "1x30" },
                ],
                alert_rule_test: [
                    { eval_time: "5m", alertname: alertNames.falcoMissing, exp_alerts: [] },
                    {
                        eval_time: "15m",
                        alertname: alertNames.falcoMissing,
                        exp_alerts: [
                            expected(alertNames.falcoMissing, { node: "node-b" }, "No Falco on node node-b"),
                        ],
                    },
                ],
            },
            {
                name: "trivy-operator: critical vulnerabilities fire at once; high ones and zero counts do not",
                interval: "1m",
                input_series: [
                    {
                        series: 'trivy_image_vulnerabilities{severity="Critical",namespace="shop",image_repository="library/nginx",image_tag="1.25"}',
                        values: "3x5",
                    },
                    {
                        series: 'trivy_image_vulnerabilities{severity="High",namespace="shop",image_repository="library/nginx",image_tag="1.25"}',
                        values: "10x5",
                    },
                    {
                        series: 'trivy_image_vulnerabilities{severity="Critical",namespace="ok",image_repository="app",image_tag="2"}',
                        values: "0x5",
                    },
                ],
                alert_rule_test: [
                    {
                        eval_time: "1m",
                        alertname: alertNames.trivyCritical,
                        exp_alerts: [
                            expected(
                                alertNames.trivyCritical,
                                {
                                    severity: "Critical",
                                    namespace: "shop",
                                    image_repository: "library/nginx",
                                    image_tag: "1.25",
                                },
                                "Image library/nginx:1.25 in shop has critical vulnerabilities",
                            ),
                        ],
                    },
                ],
            },
            {
                name: "Vault: sealed for a minute fires; unsealed and just-sealed do not",
                interval: "1m",
                input_series: [
                    { series: 'vault_core_unsealed{instance="vault-0"}', values: "1 1 0 0 0 0 0" },
                    { series: 'vault_core_unsealed{instance="vault-1"}', values: "1x6" },
                ],
                alert_rule_test: [
                    { eval_time: "1m", alertname: alertNames.vaultSealed, exp_alerts: [] },
                    { eval_time: "2m", alertname: alertNames.vaultSealed, exp_alerts: [] },
                    {
                        eval_time: "5m",
                        alertname: alertNames.vaultSealed,
                        exp_alerts: [
                            expected(
                                alertNames.vaultSealed,
                                { instance: "vault-0" },
                                "Vault instance vault-0 is sealed",
                            ),
                        ],
                    },
                ],
            },
        ],
    };
}

describe("security alert rules under promtool", () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "alert-rules-"));
        fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: securityAlertGroups() }));
        fs.writeFileSync(path.join(dir, "tests.yaml"), stringify(unitTests()));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("promtool is on PATH (fails loudly when missing)", () => {
        expect(path.isAbsolute(promtoolPath())).toBe(true);
    });

    test("promtool check rules accepts the generated rule file", () => {
        const r = run(["check", "rules", "rules.yaml"], dir);
        expect(r.out).toMatch(/SUCCESS: 5 rules found/);
        expect(r.code).toBe(0);
    });

    test("promtool test rules: every alert fires when it should and stays silent when it should not", () => {
        const r = run(["test", "rules", "tests.yaml"], dir);
        if (r.code !== 0) throw new Error(r.out);
        expect(r.out).toMatch(/SUCCESS/);
    });

    test("every alert has a unit test group", () => {
        const tested = new Set(unitTests().tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
        expect([...tested].sort()).toEqual(Object.values(alertNames).sort());
    });

    test("negative control: a wrong expectation makes promtool test fail", () => {
        const t = unitTests();
        // Claim that the zero-count image in namespace "ok" alerts too: promtool must reject this.
        t.tests[3].alert_rule_test[0].exp_alerts.push(
            expected(
                alertNames.trivyCritical,
                { severity: "Critical", namespace: "ok", image_repository: "app", image_tag: "2" },
                "Image app:2 in ok has critical vulnerabilities",
            ),
        );
        fs.writeFileSync(path.join(dir, "wrong.yaml"), stringify(t));
        const r = run(["test", "rules", "wrong.yaml"], dir);
        expect(r.code).not.toBe(0);
        expect(r.out).toMatch(/FAILED/);
    });

    test("negative control: promtool check rejects a broken expression", () => {
        const groups = securityAlertGroups();
        groups[0].rules[0].expr = "increase(falcosecurity_falco_rules_matches_total[5m] > 0";
        fs.writeFileSync(path.join(dir, "broken.yaml"), stringify({ groups }));
        expect(run(["check", "rules", "broken.yaml"], dir).code).not.toBe(0);
    });

    test("the Falco alert uses the exact expression and fires at once (no `for`)", () => {
        const r = rule(alertNames.falcoEvent);
        expect(r.expr).toBe('increase(falcosecurity_falco_rules_matches_total{priority=~"[0-4]"}[5m]) > 0');
        expect(r.for).toBeUndefined();
    });
});
