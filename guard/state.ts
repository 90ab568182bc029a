/**
 * `--state`: a `pulumi stack export` document (version 3). Resources keep their recorded inputs, outputs,
 * parent, dependencies, property dependencies and provider. Secrets stay secret (their ciphertext is never read).
 */
import { readRegularFile } from "./input-files";
import { defaultOptions, GuardInputError, GuardResource, secretOf, secretSig } from "./model";
import { notAnalyzed } from "./not-analyzed";
import type { Violation } from "./run";
import { findUnknown, unknownMessage } from "./unknowns";

type Obj = Record<string, unknown>;

/**
 * State files hold secrets as `{sig, ciphertext}` (or `{sig, plaintext}` with --show-secrets). The engine decrypts
 * before analysis; offline the ciphertext cannot be read, so such a secret reaches policies as the string "[secret]".
 */
function normalizeSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(normalizeSecrets);
    if (typeof v !== "object" || v === null) return v;
    const o = v as Obj;
    if (secretSig in o) {
        if (typeof o.plaintext === "string") {
            try {
                return secretOf(normalizeSecrets(JSON.parse(o.plaintext)));
            } catch {
                return secretOf(o.plaintext);
            }
        }
        if ("value" in o) return secretOf(normalizeSecrets(o.value));
        return secretOf("[secret]");
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, normalizeSecrets(x)]));
}

/** Paths of secrets that are still encrypted (ciphertext only): offline their value cannot be checked. */
function encryptedSecrets(v: unknown, at = ""): string[] {
    if (Array.isArray(v)) return v.flatMap((x, i) => encryptedSecrets(x, `${at}/${i}`));
    if (typeof v !== "object" || v === null) return [];
    const o = v as Obj;
    if (secretSig in o) return typeof o.plaintext === "string" || "value" in o ? [] : [at || "/"];
    return Object.entries(o).flatMap(([k, x]) => encryptedSecrets(x, `${at}/${k}`));
}

export interface StateCapture {
    resources: GuardResource[];
    /** Advisory "not analyzed" findings: resources whose inputs or outputs hold encrypted secrets. */
    findings: Violation[];
}

export function captureState(file: string): StateCapture {
    const text = readRegularFile(file, "--state");
    let doc: Obj;
    try {
        doc = JSON.parse(text) as Obj;
    } catch (e) {
        throw new GuardInputError(`--state ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (doc?.version !== 3)
        throw new GuardInputError(
            `--state ${file}: export version ${JSON.stringify(doc?.version)} is not supported (expected 3, from pulumi stack export)`,
        );
    const raw = (doc.deployment as Obj | undefined)?.resources;
    if (!Array.isArray(raw)) throw new GuardInputError(`--state ${file}: deployment.resources is missing`);
    const live = (raw as Obj[]).filter((r) => !r?.delete);
    if (live.length === 0)
        throw new GuardInputError(
            `--state ${file}: the export holds no resources (nothing would be checked)`,
        );
    const findings: Violation[] = [];
    const resources = live.map((r, i) => {
        if (typeof r !== "object" || r === null || typeof r.urn !== "string" || typeof r.type !== "string")
            throw new GuardInputError(`--state ${file}: resource ${i + 1} has no urn or type`);
        const unknownAt = findUnknown(r);
        if (unknownAt)
            throw new GuardInputError(unknownMessage(`--state ${file}: resource ${r.urn}`, unknownAt));
        const o = defaultOptions();
        o.protect = !!r.protect;
        o.retainOnDelete = !!r.retainOnDelete;
        o.additionalSecretOutputs = (r.additionalSecretOutputs as string[]) ?? [];
        o.aliases = ((r.aliases as unknown[]) ?? []).map(String);
        if (Array.isArray(r.ignoreChanges)) o.ignoreChanges = r.ignoreChanges.map(String);
        if (Array.isArray(r.replaceOnChanges)) o.replaceOnChanges = r.replaceOnChanges.map(String);
        if (typeof r.deleteBeforeReplace === "boolean") o.deleteBeforeReplace = r.deleteBeforeReplace;
        if (r.customTimeouts)
            o.customTimeouts = r.customTimeouts as GuardResource["options"]["customTimeouts"];
        const resource: GuardResource = {
            urn: r.urn,
            type: r.type,
            name: r.urn.split("::").pop()!,
            custom: r.custom !== false,
            parent: (r.parent as string) || undefined,
            provider: (r.provider as string) || undefined,
            dependencies: (r.dependencies as string[]) ?? [],
            propertyDependencies: (r.propertyDependencies as Record<string, string[]>) ?? {},
            options: o,
            inputs: normalizeSecrets(r.inputs ?? {}) as Obj,
            outputs: normalizeSecrets(r.outputs ?? {}) as Obj,
        };
        const encIn = encryptedSecrets(r.inputs);
        const encOut = encryptedSecrets(r.outputs);
        if (encIn.length || encOut.length) {
            const where = [
                encIn.length ? `inputs ${encIn.join(", ")}` : "",
                encOut.length ? `outputs ${encOut.join(", ")}` : "",
            ]
                .filter(Boolean)
                .join("; ");
            findings.push(
                notAnalyzed(
                    resource,
                    `encrypted secrets (${where}) cannot be decrypted offline; policies saw "[secret]" in their place (export with --show-secrets to check them)`,
                ),
            );
        }
        return resource;
    });
    return { resources, findings };
}
