/**
 * docs/supply-chain.md lists the platform's chart images with their registries. This test reads the reference
 * copies of the charts at the versions the components pin (../shared/charts: Chart.yaml + values.yaml, and
 * kube-bench's job-eks.yaml), collects every image repository they name, and fails when one is missing from the
 * document's table, so a chart bump that adds or moves an image cannot go unnoticed.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { kubePrometheusStackChart } from "../../components/monitoring/kubePrometheusStack";
import { harborDefaults } from "../../components/registry/harborValues";
import { falcoChart } from "../../components/runtime/falco";
import { trivyOperatorDefaults } from "../../components/scanning/trivyOperatorValues";
import { vaultChart } from "../../components/vault/values";
import { sharedDir } from "../lib/chart-values";

const chartsDir = path.join(sharedDir, "charts");
const doc = fs.readFileSync(path.join(__dirname, "../../docs/supply-chain.md"), "utf8");

/** Chart folders under ../shared/charts, with the version our components pin (subcharts: the parent's pin). */
const charts: Array<{ dir: string; name: string; pinned: string }> = [
    { dir: "vault", name: "vault", pinned: vaultChart.version },
    { dir: "harbor", name: "harbor", pinned: harborDefaults.version },
    { dir: "falco", name: "falco", pinned: falcoChart.version },
    { dir: "trivy-operator", name: "trivy-operator", pinned: trivyOperatorDefaults.version },
    { dir: "kube-prometheus-stack", name: "kube-prometheus-stack", pinned: kubePrometheusStackChart.version },
];
/** Subcharts: the version the parent bundles (its Chart.yaml dependency, or its range for falcosidekick). */
const subcharts: Array<{ dir: string; parent: string; name: string }> = [
    { dir: "falcosidekick", parent: "falco", name: "falcosidekick" },
    { dir: "kube-prometheus-stack/subcharts/grafana", parent: "kube-prometheus-stack", name: "grafana" },
    {
        dir: "kube-prometheus-stack/subcharts/kube-state-metrics",
        parent: "kube-prometheus-stack",
        name: "kube-state-metrics",
    },
    {
        dir: "kube-prometheus-stack/subcharts/prometheus-node-exporter",
        parent: "kube-prometheus-stack",
        name: "prometheus-node-exporter",
    },
];

type Obj = Record<string, unknown>;
const read = (rel: string) => fs.readFileSync(path.join(chartsDir, rel), "utf8");
const chartYaml = (dir: string) =>
    parse(read(`${dir}/Chart.yaml`)) as {
        name: string;
        version: string;
        dependencies?: Array<{ name: string; version: string }>;
    };

/** `registry` + `repository` as the runtime resolves the host (a repository without a host is on Docker Hub). */
function fullRepository(registry: unknown, repository: string): string {
    if (typeof registry === "string" && registry) return `${registry}/${repository}`;
    const first = repository.split("/")[0];
    return first.includes(".") || first.includes(":") ? repository : `docker.io/${repository}`;
}

/**
 * Every image repository a values.yaml names: objects with a string `repository` (with their `registry`), and
 * `<x>Registry`/`<x>Repository` pairs (trivy's DB artifacts).
 */
function imageRepositories(values: unknown, at = ""): Array<{ key: string; repository: string }> {
    const out: Array<{ key: string; repository: string }> = [];
    if (!values || typeof values !== "object" || Array.isArray(values)) return out;
    const o = values as Obj;
    if (typeof o.repository === "string" && o.repository)
        out.push({ key: at || "(root)", repository: fullRepository(o.registry, o.repository) });
    for (const [k, v] of Object.entries(o)) {
        const m = /^(.+)Repository$/.exec(k);
        if (m && typeof v === "string" && v)
            out.push({
                key: `${at}${at ? "." : ""}${k}`,
                repository: fullRepository(o[`${m[1]}Registry`], v),
            });
        out.push(...imageRepositories(v, `${at}${at ? "." : ""}${k}`));
    }
    return out;
}

/** The image repositories written in backticks in the table of "The platform's chart images". */
function documentedRepositories(markdown: string): Set<string> {
    const section = markdown.split("\n## The platform's chart images")[1]?.split("\n## ")[0] ?? "";
    const out = new Set<string>();
    for (const line of section.split("\n").filter((l) => l.startsWith("|"))) {
        const cells = line.split("|").map((c) => c.trim());
        // | Component | Chart | Values key | Image repository | Tag | Runs |
        for (const m of (cells[4] ?? "").matchAll(/`([^`]+)`/g)) out.add(m[1]);
    }
    return out;
}

/** Every repository of the pinned charts (and kube-bench's manifest), with where it was found. */
function chartImages(): Array<{ chart: string; key: string; repository: string }> {
    const out: Array<{ chart: string; key: string; repository: string }> = [];
    for (const dir of [...charts.map((c) => c.dir), ...subcharts.map((c) => c.dir)])
        for (const r of imageRepositories(parse(read(`${dir}/values.yaml`)))) out.push({ chart: dir, ...r });
    for (const d of parseAllDocuments(read("kube-bench/job-eks.yaml"))) {
        const job = d.toJSON() as {
            spec?: { template?: { spec?: { containers?: Array<{ image: string }> } } };
        } | null;
        for (const c of job?.spec?.template?.spec?.containers ?? [])
            out.push({
                chart: "kube-bench",
                key: "spec.template.spec.containers.image",
                repository: fullRepository(undefined, c.image.split("@")[0].replace(/:[^/:]+$/, "")),
            });
    }
    return out;
}

describe("the reference charts are the versions the components pin", () => {
    test.each(charts)("$name", ({ dir, name, pinned }) => {
        const c = chartYaml(dir);
        expect({ name: c.name, version: c.version }).toEqual({ name, version: pinned });
        expect(doc).toContain(`${name} ${pinned}`);
    });
    test.each(subcharts)("$name is the one $parent bundles", ({ dir, parent, name }) => {
        const dep = chartYaml(parent).dependencies?.find((d) => d.name === name);
        const version = chartYaml(dir).version;
        expect(dep).toBeDefined();
        const range = new RegExp(`^${dep!.version.replace(/\./g, "\\.").replace(/\*/g, "\\d+")}$`);
        expect(version).toMatch(range);
        expect(doc).toContain(`${name} ${version}`);
    });
});

describe("docs/supply-chain.md lists every chart image", () => {
    const images = chartImages();
    const documented = documentedRepositories(doc);

    test("the charts name the images the brief asks about", () => {
        const repos = new Set(images.map((i) => i.repository));
        for (const r of [
            "docker.io/hashicorp/vault",
            "docker.io/hashicorp/vault-k8s",
            "docker.io/goharbor/harbor-core",
            "docker.io/falcosecurity/falco",
            "docker.io/falcosecurity/falcosidekick",
            "docker.io/falcosecurity/falcoctl",
            "quay.io/prometheus/prometheus",
            "quay.io/prometheus/alertmanager",
            "quay.io/prometheus-operator/prometheus-operator",
            "quay.io/prometheus-operator/prometheus-config-reloader",
            "docker.io/grafana/grafana",
            "registry.k8s.io/kube-state-metrics/kube-state-metrics",
            "quay.io/prometheus/node-exporter",
            "mirror.gcr.io/aquasec/trivy-operator",
            "mirror.gcr.io/aquasec/trivy",
            "docker.io/aquasec/kube-bench",
        ])
            expect({ r, found: repos.has(r) }).toEqual({ r, found: true });
        expect(images.length).toBeGreaterThan(40);
    });

    test("every image repository of the pinned charts is in the table", () => {
        const missing = images
            .filter((i) => !documented.has(i.repository))
            .map((i) => `${i.chart}: ${i.key} -> ${i.repository}`);
        expect(missing).toEqual([]);
    });

    test("the check fails when a row is missing, and when a repository moves registry", () => {
        const withoutFalcoctl = doc
            .split("\n")
            .filter((l) => !l.includes("`docker.io/falcosecurity/falcoctl`"))
            .join("\n");
        expect(documentedRepositories(withoutFalcoctl).has("docker.io/falcosecurity/falcoctl")).toBe(false);
        expect(
            imageRepositories({ image: { registry: "quay.io", repository: "falcosecurity/falcoctl" } }),
        ).toEqual([{ key: "image", repository: "quay.io/falcosecurity/falcoctl" }]);
        expect(documented.has("quay.io/falcosecurity/falcoctl")).toBe(false);
        expect(fullRepository(undefined, "hashicorp/vault")).toBe("docker.io/hashicorp/vault");
        expect(fullRepository(undefined, "docker.io/goharbor/harbor-core")).toBe(
            "docker.io/goharbor/harbor-core",
        );
    });
});

test("the end-to-end chain and the air-gapped option are documented", () => {
    for (const s of [
        "enable_content_trust_cosign",
        "prevent_vul",
        "auto_scan",
        "cosign sign",
        "allowed-image-registries",
        "app-image-digest-pinned",
        "appRegistries",
        "harbor.host",
        "trivy-operator",
        "trivy.airGapped",
        "mirror-gcr",
        "ghcr",
        "blueprint.io/tier",
    ])
        expect({ s, found: doc.includes(s) }).toEqual({ s, found: true });
});
