/**
 * The one place where the blueprint's value constraints are declared (allowed values, ranges, patterns, cron,
 * CIDRs, quantities, durations, CloudWatch retention), and the one shape and formatter of a problem.
 *
 * A problem is data, `{path, value, message}`, in the style of Kubernetes' field errors
 * (k8s.io/apimachinery/pkg/util/validation/field): components report paths of their Args (`schedule`,
 * `cloudwatch.retentionInDays`); a config reader relabels each path with the config key that set it
 * (`kubeBench.schedule`). {@link formatFieldError} is the only function that turns a problem into text.
 * Pure: no Pulumi calls.
 */

/** Kind of a problem, as Kubernetes names them. */
export type FieldErrorType = "Invalid value" | "Unsupported value" | "Required value" | "Duplicate value";

/** One problem with one field. */
export interface FieldError {
    /** Path of the field: an Args path (`cloudwatch.region`) or, after relabelling, a config key. */
    path: string;
    /** The offending value (undefined for a missing one). */
    value: unknown;
    /** What is wrong and what is accepted, without repeating the path or the value. */
    message: string;
    /** Default "Invalid value"; "Required value" when `value` is undefined. */
    type?: FieldErrorType;
}

/** Maps a field path to the name shown to the user (an Args path, a config key). */
export type Labeller = (path: string) => string;

function show(v: unknown): string {
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    try {
        return JSON.stringify(v) ?? String(v);
    } catch {
        return String(v);
    }
}

/**
 * The one formatter: `<label>: <type>: <value>: <message>`, e.g.
 * `config kubeBench.schedule: Invalid value: "a b c d e": not a 5-field cron expression such as "0 3 * * 0"`.
 * A problem without a value (a missing field, or a relation between fields) prints as `<label>: <message>`.
 */
export function formatFieldError(e: FieldError, label: Labeller = (p) => p): string {
    const type = e.type ?? (e.value === undefined ? "Required value" : "Invalid value");
    if (e.value === undefined)
        return `${label(e.path)}: ${type === "Required value" ? "" : `${type}: `}${e.message}`;
    return `${label(e.path)}: ${type}: ${show(e.value)}: ${e.message}`;
}

/** Formats every problem, one line each. */
export function formatFieldErrors(errors: readonly FieldError[], label?: Labeller): string[] {
    return errors.map((e) => formatFieldError(e, label));
}

/** Prefixes every path (`airGap` under `TrivyOperatorArgs` -> `TrivyOperatorArgs.airGap`). */
export const prefixLabel =
    (prefix: string): Labeller =>
    (p) =>
        `${prefix}.${p}`;

/** A constraint on one value: a test and the text saying what is accepted. */
export interface Constraint<T = unknown> {
    test(v: T): boolean;
    /** What is accepted, e.g. `a 5-field cron expression such as "0 3 * * 0"`. */
    accepted: string;
    type?: FieldErrorType;
}

/** Checks `value` at `path`; pushes a problem into `errors` when it fails. Returns whether it passed. */
export function check<T>(errors: FieldError[], path: string, value: T, c: Constraint<T>): boolean {
    if (c.test(value)) return true;
    errors.push({ path, value, message: `must be ${c.accepted}`, type: c.type });
    return false;
}

/** Checks every item of a list at `path`. */
export function checkEach<T>(
    errors: FieldError[],
    path: string,
    values: readonly T[],
    c: Constraint<T>,
): void {
    for (const v of values) check(errors, path, v, c);
}

export const matches = (re: RegExp, accepted: string): Constraint<string> => ({
    test: (v) => typeof v === "string" && re.test(v),
    accepted,
});

export const oneOf = <T extends string | number>(values: readonly T[]): Constraint<T> => ({
    test: (v) => values.includes(v),
    accepted: `one of: ${values.join(", ")}`,
    type: "Unsupported value",
});

export const intRange = (min: number, max: number): Constraint<number> => ({
    test: (v) => Number.isInteger(v) && v >= min && v <= max,
    accepted: `a whole number from ${min} to ${max}`,
});

// --- Declared constraints ----------------------------------------------------------------------------------------

/** RFC 1123 label: namespace names, release names. */
export const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const dnsLabel = matches(
    DNS_LABEL_RE,
    "a DNS-1123 label (lowercase letters, digits, '-', at most 63)",
);

/** RFC 1123 subdomain: StorageClass and other object names. */
export const DNS_SUBDOMAIN_RE =
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const dnsSubdomain = matches(DNS_SUBDOMAIN_RE, "a Kubernetes object name (lowercase DNS subdomain)");

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
/** Ranges of the five cron fields (minute, hour, day of month, month, day of week). */
const CRON_RANGES: [number, number][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
];
function cronFieldOk(field: string, [lo, hi]: [number, number]): boolean {
    if (!CRON_FIELD.test(field)) return false;
    return field.split(",").every((item) => {
        const [base, step] = item.split("/");
        if (step !== undefined && Number(step) < 1) return false;
        if (base === "*") return true;
        const [a, b] = base.split("-").map(Number);
        return a >= lo && a <= hi && (b === undefined || (b >= a && b <= hi));
    });
}
/** A standard 5-field cron expression (numbers, *, ranges, steps and lists; no names, no macros). */
export const cron: Constraint<string> = {
    test: (v) => {
        if (typeof v !== "string") return false;
        const fields = v.trim().split(/\s+/);
        return fields.length === 5 && fields.every((f, i) => cronFieldOk(f, CRON_RANGES[i]));
    },
    accepted: 'a 5-field cron expression such as "0 3 * * 0"',
};

/** `sha256:<64 lowercase hex>`. */
export const SHA256_DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
export const sha256Digest = matches(SHA256_DIGEST_RE, "sha256:<64 lowercase hex>");

/** A Kubernetes quantity for volumes, in Mi, Gi or Ti. */
export const quantity = matches(/^[1-9][0-9]*(Mi|Gi|Ti)$/, "a quantity such as 50Gi (Mi, Gi or Ti)");

/** A Prometheus duration. */
export const promDuration = matches(
    /^([0-9]+(ms|s|m|h|d|w|y))+$/,
    "a Prometheus duration such as 15d, 12h or 2w",
);

/** An IPv4 CIDR with octets <= 255 and a prefix <= 32. */
export const ipv4Cidr: Constraint<string> = {
    test: (v) => {
        const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v ?? "");
        return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
    },
    accepted: "an IPv4 CIDR such as 10.0.0.0/16",
};

/** An exact Helm chart version (no ranges). */
export const exactChartVersion = matches(
    /^\d+\.\d+\.\d+$/,
    "an exact chart version such as 88.5.3 (no ranges)",
);

/** A TCP/UDP port. */
export const port = intRange(1, 65535);

/** An image repository (no tag quoting tricks), as Falco's rules compare it. */
export const imageRepository = matches(/^[a-z0-9][a-z0-9._\-/:]*$/, "an image repository");

/** A Harbor project name. */
export const harborProjectName = matches(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, "a Harbor project name");

/** An AWS region name. */
export const awsRegion = matches(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as eu-west-1");

/** Every retention (days) CloudWatch Logs accepts. */
export const CLOUDWATCH_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A CloudWatch Logs retention of at least `minDays` (forensics logs keep a year: 365). */
export const cloudwatchRetention = (minDays = 1): Constraint<number> =>
    oneOf(CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= minDays) as number[]);
