/**
 * What a captured Helm resource asks Helm to render (`kubernetes:helm.sh/v3:Release`, `kubernetes:helm.sh/v4:Chart`),
 * and where its chart's source is: `--chart-dir DIR` holds `<chart>-<version>/` (as ../shared/charts-src does) or
 * the `helm pull --untar` layout `<chart>/`, whose Chart.yaml must name the same chart and version.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GuardResource, isSecret, unknownValue } from "./model";

export const helmReleaseType = "kubernetes:helm.sh/v3:Release";
export const helmChartV4Type = "kubernetes:helm.sh/v4:Chart";
export const helmTypes = [helmReleaseType, helmChartV4Type];

type Obj = Record<string, unknown>;

/** A release to render. `releaseName` and `namespace` may be the wire unknown. */
export interface ReleaseSpec {
    resource: GuardResource;
    /** Chart name (last path segment of the chart reference). */
    chart: string;
    version?: string;
    /** A local chart directory the program names (then no --chart-dir is needed). */
    localPath?: string;
    releaseName: string | typeof unknownValue;
    namespace: string | typeof unknownValue;
    /** Values in wire form (unknowns and secrets marked). */
    values: Obj;
    includeCrds: boolean;
    /** Prefix of the children's resource names, `<release resource name>:`. */
    childPrefix: string;
    /** Helm's install adds release ownership metadata (v3 Release); the v4 Chart applies objects itself. */
    helmOwnership: boolean;
}

const reveal = (v: unknown): unknown => (isSecret(v) ? reveal(v.value) : v);

function str(v: unknown): string | typeof unknownValue | undefined {
    const x = reveal(v);
    if (x === unknownValue) return unknownValue;
    return typeof x === "string" && x !== "" ? x : undefined;
}

/** The spec of a Helm resource, or why it cannot be rendered offline. */
export function releaseSpecOf(r: GuardResource, programDir: string | undefined): ReleaseSpec | string {
    const i = r.inputs;
    const v4 = r.type === helmChartV4Type;
    for (const k of v4 ? ["postRenderer"] : ["postrender"]) {
        if (i[k] !== undefined && i[k] !== "" && i[k] !== null)
            return `${k} is set: a post-renderer cannot be run offline`;
    }
    const chartRef = str(i.chart);
    if (chartRef === undefined) return "no chart is set";
    if (chartRef === unknownValue) return "the chart reference is unknown until apply";
    const version = str(i.version);
    if (version === unknownValue) return "the chart version is unknown until apply";
    if (i.valueYamlFiles !== undefined && i.valueYamlFiles !== null) {
        const files = reveal(i.valueYamlFiles);
        if (!Array.isArray(files) || files.length > 0)
            return "valueYamlFiles are set: value files (assets) are not read offline";
    }
    const values = reveal(i.values ?? {});
    if (values === unknownValue) return "its values are unknown until apply (the whole map)";
    if (typeof values !== "object" || values === null || Array.isArray(values))
        return "its values are not a map";

    let localPath: string | undefined;
    let chart = chartRef;
    const isPath = /^(\.{1,2}\/|\/)/.test(chartRef);
    const repo = reveal((reveal(i.repositoryOpts) as Obj | undefined)?.repo);
    // As Helm does: without a repository, a reference that is a directory with a Chart.yaml is that local chart.
    if (isPath || (!repo && !/^[a-z]+:\/\//.test(chartRef) && programDir)) {
        const p = path.resolve(programDir ?? process.cwd(), chartRef);
        if (fs.existsSync(path.join(p, "Chart.yaml"))) localPath = p;
        else if (isPath) return `local chart ${chartRef} not found (no Chart.yaml at ${p})`;
    }
    if (!localPath) {
        if (/^https?:\/\//.test(chartRef) || /\.tgz$/.test(chartRef))
            return `chart ${chartRef} is an archive URL; give the chart by name and version`;
        chart =
            chartRef
                .replace(/^oci:\/\//, "")
                .split("/")
                .pop() ?? "";
        if (!chart) return `chart reference ${chartRef} names no chart`;
        if (!version) return `chart ${chart} has no pinned version (a real install takes the newest)`;
    }

    const ns = str(i.namespace) ?? "default";
    const name = v4 ? (str(i.name) ?? r.name) : (str(i.name) ?? unknownValue); // v3 auto-names: unknown until apply
    const prefixInput = v4 ? reveal(i.resourcePrefix) : undefined;
    const prefix = typeof prefixInput === "string" ? prefixInput : r.name;
    return {
        resource: r,
        chart,
        version,
        localPath,
        releaseName: name,
        namespace: ns,
        values: values as Obj,
        includeCrds: reveal(i.skipCrds) !== true,
        childPrefix: prefix ? `${prefix}:` : "",
        helmOwnership: !v4,
    };
}

function readChartYaml(dir: string): { name?: unknown; version?: unknown } | undefined {
    const file = path.join(dir, "Chart.yaml");
    try {
        const st = fs.statSync(file);
        if (!st.isFile() || st.size > 1 << 20) return undefined;
        const doc = parse(fs.readFileSync(file, "utf8"));
        return typeof doc === "object" && doc !== null ? (doc as Obj) : undefined;
    } catch {
        return undefined;
    }
}

const sameVersion = (a: unknown, b: string) => String(a).replace(/^v/, "") === b.replace(/^v/, "");

/** The chart's directory in `chartDir`, or why there is none. */
export function locateChart(spec: ReleaseSpec, chartDir: string | undefined): { dir: string } | string {
    const want = `${spec.chart}@${spec.version ?? "(any version)"}`;
    if (spec.localPath) {
        const c = readChartYaml(spec.localPath);
        if (!c) return `${spec.localPath}/Chart.yaml cannot be read`;
        if (spec.version && !sameVersion(c.version, spec.version))
            return `${spec.localPath}/Chart.yaml is version ${String(c.version)}, not ${spec.version}`;
        return { dir: spec.localPath };
    }
    if (!chartDir) return `no chart source for ${want}: pass --chart-dir with ${spec.chart}-${spec.version}/`;
    const version = spec.version!;
    const problems: string[] = [];
    for (const candidate of [`${spec.chart}-${version}`, spec.chart]) {
        const dir = path.join(chartDir, candidate);
        if (!fs.existsSync(dir)) continue;
        const c = readChartYaml(dir);
        if (!c) {
            problems.push(`${dir}/Chart.yaml cannot be read`);
            continue;
        }
        if (c.name !== spec.chart) {
            problems.push(`${dir}/Chart.yaml names chart ${String(c.name)}, not ${spec.chart}`);
            continue;
        }
        if (!sameVersion(c.version, version)) {
            problems.push(`${dir}/Chart.yaml is version ${String(c.version)}, not ${version}`);
            continue;
        }
        return { dir };
    }
    return problems.length
        ? problems.join("; ")
        : `chart ${want} not found in --chart-dir ${chartDir} (looked for ${spec.chart}-${version}/ and ${spec.chart}/)`;
}

/**
 * Type of the chart's default value at a values path, from the chart's values.yaml (or a subchart's, for paths
 * under the subchart's name). Used to give an unknown leaf a placeholder of the right type.
 */
export function defaultTypes(
    chartDir: string,
): (p: string[]) => "number" | "boolean" | "string" | "other" | undefined {
    const cache = new Map<string, unknown>();
    const load = (dir: string): unknown => {
        if (!cache.has(dir)) {
            let v: unknown;
            try {
                const file = path.join(dir, "values.yaml");
                if (fs.statSync(file).size <= 8 << 20) v = parse(fs.readFileSync(file, "utf8"));
            } catch {
                v = undefined;
            }
            cache.set(dir, v);
        }
        return cache.get(dir);
    };
    const at = (root: unknown, p: string[]): unknown => {
        let node = root;
        for (const k of p) {
            if (typeof node !== "object" || node === null) return undefined;
            node = (node as Obj)[k];
        }
        return node;
    };
    return (p) => {
        let v = at(load(chartDir), p);
        if (v === undefined && p.length > 1 && /^[A-Za-z0-9_-]+$/.test(p[0]))
            v = at(load(path.join(chartDir, "charts", p[0])), p.slice(1));
        if (v === undefined || v === null) return undefined;
        if (typeof v === "number") return "number";
        if (typeof v === "boolean") return "boolean";
        if (typeof v === "string") return "string";
        return "other";
    };
}
