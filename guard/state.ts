/**
 * `--state`: a `pulumi stack export` document (version 3). Resources keep their recorded inputs, outputs,
 * parent, dependencies, property dependencies and provider. Secrets stay secret (their ciphertext is never read).
 */
import * as fs from "fs";
import { defaultOptions, GuardInputError, GuardResource, secretOf, secretSig } from "./model";

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

export function captureState(file: string): GuardResource[] {
    let doc: Obj;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8")) as Obj;
    } catch (e) {
        const msg =
            (e as NodeJS.ErrnoException).code === "ENOENT"
                ? "no such file"
                : (e as Error).message.split("\n")[0];
        throw new GuardInputError(`--state ${file}: ${msg}`);
    }
    if (doc?.version !== 3)
        throw new GuardInputError(
            `--state ${file}: export version ${JSON.stringify(doc?.version)} is not supported (expected 3, from pulumi stack export)`,
        );
    const resources = (doc.deployment as Obj | undefined)?.resources;
    if (!Array.isArray(resources))
        throw new GuardInputError(`--state ${file}: deployment.resources is missing`);
    return (resources as Obj[])
        .filter((r) => !r.delete)
        .map((r, i) => {
            if (typeof r.urn !== "string" || typeof r.type !== "string")
                throw new GuardInputError(`--state ${file}: resource ${i + 1} has no urn or type`);
            const o = defaultOptions();
            o.protect = !!r.protect;
            o.retainOnDelete = !!r.retainOnDelete;
            o.additionalSecretOutputs = (r.additionalSecretOutputs as string[]) ?? [];
            o.aliases = ((r.aliases as unknown[]) ?? []).map(String);
            if (r.customTimeouts)
                o.customTimeouts = r.customTimeouts as GuardResource["options"]["customTimeouts"];
            return {
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
        });
}
