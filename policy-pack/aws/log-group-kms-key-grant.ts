/**
 * A log group encrypted with a customer key exists only if the key's policy lets CloudWatch Logs of its region use
 * the key for THAT group: CreateLogGroup is denied when the key's `kms:EncryptionContext:aws:logs:arn` condition
 * names another group (issue 13, item 4: Falco's group reused the EKS group's key).
 *
 * Stack policy. The key of a log group is found by its `kmsKeyId` value (an ARN or key id of a key in the stack,
 * known in a stack export) or, during preview, by the property dependency of `kmsKeyId` on exactly one
 * `aws:kms/key:Key`. It is checked only when the group's name, the key and the key's policy are all known; a key
 * outside the stack, or an unknown or unparsable policy, is not judged.
 */
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { computed } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

const LOGS_PRINCIPAL = /^logs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const CONTEXT_KEY = "kms:encryptioncontext:aws:logs:arn";

interface Statement {
    Effect?: string;
    Principal?: unknown;
    Action?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): string[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** IAM-style wildcard match (`*`, `?`), case-sensitive. */
function glob(pattern: string, value: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/** True when the action list covers what CloudWatch Logs needs to write (GenerateDataKey). */
function coversGenerateDataKey(action: unknown): boolean {
    return list(action).some((a) => glob(a.toLowerCase(), "kms:generatedatakey"));
}

/** Regions whose CloudWatch Logs service principal the statement names. */
function logsRegions(principal: unknown): string[] {
    if (principal === "*") return ["*"];
    const services = list((principal as { Service?: unknown } | undefined)?.Service);
    return services.map((s) => LOGS_PRINCIPAL.exec(s)?.[1]).filter((x): x is string => !!x);
}

/** Does the statement's encryption-context condition (if any) admit the log group `name` in one of `regions`? */
function contextAdmits(cond: Statement["Condition"], name: string, regions: string[]): boolean {
    let constrained = false;
    for (const [op, block] of Object.entries(cond ?? {})) {
        for (const [key, raw] of Object.entries(block ?? {})) {
            if (key.toLowerCase() !== CONTEXT_KEY) continue;
            constrained = true;
            const like = /like$/i.test(op);
            for (const v of list(raw)) {
                const m = /^arn:[^:]*:logs:([^:]*):[^:]*:log-group:(.+)$/.exec(v);
                if (!m) continue;
                const regionOk = regions.some((r) => r === "*" || (like ? glob(m[1], r) : m[1] === r));
                const nameOk = like ? glob(m[2], name) || glob(m[2], `${name}:*`) : m[2] === name;
                if (regionOk && nameOk) return true;
            }
        }
    }
    return !constrained;
}

/** True when the key policy grants CloudWatch Logs use of the key for the log group `name`. */
export function keyGrantsLogGroup(policy: string, name: string): boolean | undefined {
    let doc: { Statement?: unknown };
    try {
        doc = JSON.parse(policy) as { Statement?: unknown };
    } catch {
        return undefined;
    }
    const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Statement[];
    return statements.some((s) => {
        if (!s || s.Effect !== "Allow" || !coversGenerateDataKey(s.Action)) return false;
        const regions = logsRegions(s.Principal);
        return regions.length > 0 && contextAdmits(s.Condition, name, regions);
    });
}

export const logGroupKmsKeyGrant: StackPolicy = {
    kind: "stack",
    name: "log-group-kms-key-grant",
    since: "0.1.0",
    description:
        "A log group's kmsKeyId key grants CloudWatch Logs (logs.<region>) use for that group's ARN (checked when the key policy and the group are known).",
    enforcementLevel: "advisory",
    severity: "high",
    remediation:
        'Add a key-policy statement per log group: Principal { Service: "logs.<region>.amazonaws.com" }, Action ' +
        'kms:Encrypt*/Decrypt*/ReEncrypt*/GenerateDataKey*/Describe*, Condition { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ' +
        '"arn:aws:logs:<region>:<account>:log-group:<name>" } } (HardenedCluster: extraLogGroupNames).',
    previewOnly: previewOnlyReasons.aws,
    frameworks: { cisEks: ["2.1.2"], nsa: "Encrypt data at rest", brief: ["F5", "F6", "Q9"] },
    check(resources) {
        const keys = new Map<string, PolicyResource>();
        const byRef = new Map<string, PolicyResource>();
        for (const r of resources) {
            if (r.type !== "aws:kms/key:Key") continue;
            keys.set(r.urn, r);
            for (const f of ["arn", "keyId", "id"]) {
                // A key's ARN and id are unknown while it is being created: then it is paired by dependency.
                const v = computed(() => r.props[f] as unknown, undefined);
                if (typeof v === "string" && v) byRef.set(v, r);
            }
        }
        const out: Finding[] = [];
        for (const g of resources) {
            if (g.type !== "aws:cloudwatch/logGroup:LogGroup") continue;
            // Checked only when the name, the key and its policy are known (the rule): an unknown one
            // decides "not judged" by itself.
            const name = computed(() => g.props.name as unknown, undefined);
            if (typeof name !== "string" || !name) continue;
            const ref = computed<unknown>(() => g.props.kmsKeyId, undefined);
            let key = typeof ref === "string" ? byRef.get(ref) : undefined;
            if (!key) {
                const deps = (g.propertyDependencies?.kmsKeyId ?? []).filter((u) => keys.has(u));
                if (deps.length === 1) key = keys.get(deps[0]);
            }
            if (!key) continue;
            const policy = computed<unknown>(() => key!.props.policy, undefined);
            if (typeof policy !== "string") continue;
            if (keyGrantsLogGroup(policy, name) === false)
                out.push({
                    urn: g.urn,
                    message: `${who(g)} is encrypted with ${who(key)}, whose policy grants CloudWatch Logs no use for this group's ARN (kms:EncryptionContext:aws:logs:arn): CreateLogGroup would be denied.`,
                });
        }
        return out;
    },
};
