/**
 * Graph-level checks with the guard's capture (real RegisterResource requests): Falco's release waits for the
 * monitoring release (ServiceMonitor CRDs), the alert rule and dashboards wait for it too, falcosidekick's IRSA role
 * is limited to one log group, and the Grafana password travels as a secret.
 */
import * as path from "path";
import { captureProgram } from "../../guard/capture";
import { GuardResource, isSecret, unknownValue } from "../../guard/model";

/* eslint-disable @typescript-eslint/no-explicit-any -- wire-form properties are untyped */

let resources: GuardResource[];
const one = (type: string, name: string): GuardResource => {
    const r = resources.find((x) => x.type === type && x.name === name);
    if (!r)
        throw new Error(
            `${type} ${name} not captured; have ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`,
        );
    return r;
};
const unwrap = (v: unknown): any => (isSecret(v) ? (v as { value: unknown }).value : v);

beforeAll(async () => {
    const captured = await captureProgram({
        program: path.join(__dirname, "fixtures/ordering"),
        project: "blueprint",
        stack: "test",
        config: {},
        secretKeys: [],
        log: () => undefined,
    });
    resources = captured.resources;
});

describe("ordering", () => {
    test("Falco's Helm release depends on the monitoring CRDs release, not on the whole monitoring stack", () => {
        const crds = one("kubernetes:helm.sh/v3:Release", "monitoring-crds");
        const mon = one("kubernetes:helm.sh/v3:Release", "monitoring");
        const falco = one("kubernetes:helm.sh/v3:Release", "falco");
        expect(falco.dependencies).toContain(crds.urn);
        expect(falco.dependencies).not.toContain(mon.urn);
    });

    test("the PrometheusRule waits for the CRDs; the monitoring release too; dashboards need no ordering", () => {
        const crds = one("kubernetes:helm.sh/v3:Release", "monitoring-crds");
        const mon = one("kubernetes:helm.sh/v3:Release", "monitoring");
        expect(
            one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "monitoring-security-alerts")
                .dependencies,
        ).toContain(crds.urn);
        expect(mon.dependencies).toContain(crds.urn);
        for (const uid of ["blueprint-falco", "blueprint-trivy", "blueprint-vault"])
            expect(one("kubernetes:core/v1:ConfigMap", `monitoring-${uid}`).dependencies).not.toContain(
                mon.urn,
            );
    });

    test("the monitoring release waits for the Grafana admin Secret it references", () => {
        const secret = one("kubernetes:core/v1:Secret", "monitoring-grafana-admin");
        expect(one("kubernetes:helm.sh/v3:Release", "monitoring").dependencies).toContain(secret.urn);
    });
});

describe("secrets", () => {
    test("the Grafana admin credentials are a secret on the wire; the release values hold none", () => {
        const secret = one("kubernetes:core/v1:Secret", "monitoring-grafana-admin");
        // In preview the random password is not known yet; once known it is wrapped as a secret
        // (test/monitoring/kubePrometheusStack.test.ts checks the envelope with a known value).
        const sd = secret.inputs.stringData;
        expect(isSecret(sd) || sd === unknownValue).toBe(true);
        expect(secret.options.additionalSecretOutputs).toEqual(
            expect.arrayContaining(["data", "stringData"]),
        );
        const values = unwrap(one("kubernetes:helm.sh/v3:Release", "monitoring").inputs.values);
        expect(JSON.stringify(values)).not.toMatch(/adminPassword/);
    });
});

describe("forensics: falcosidekick to CloudWatch Logs", () => {
    test("one log group, with retention >= 365 days and the given KMS key", () => {
        const groups = resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
        expect(groups).toHaveLength(1);
        expect(groups[0].inputs).toMatchObject({
            name: "/blueprint/falco/events",
            retentionInDays: 365,
            kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        });
    });

    test("the IRSA role trusts exactly falcosidekick's service account in the Falco namespace", () => {
        const role = one("aws:iam/role:Role", "falco-sidekick");
        const trust = JSON.parse(unwrap(role.inputs.assumeRolePolicy));
        const cond = trust.Statement[0].Condition.StringEquals;
        expect(cond["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"]).toBe(
            "system:serviceaccount:falco:falco-falcosidekick",
        );
    });

    test("the falcosidekick values point at the log group and the role (chart annotates the service account)", () => {
        const values = unwrap(one("kubernetes:helm.sh/v3:Release", "falco").inputs.values);
        expect(values.falcosidekick.config.aws).toMatchObject({
            useirsa: true,
            region: "eu-west-1",
            cloudwatchlogs: { loggroup: "/blueprint/falco/events", minimumpriority: "notice" },
        });
        expect(typeof values.falcosidekick.config.aws.rolearn).toBe("string");
    });
});
