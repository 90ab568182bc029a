/**
 * Stack config as the CLI assembles it for a program: Pulumi.yaml `config:` defaults, overlaid by the stack file
 * `Pulumi.<stack>.yaml`, overlaid by `--config key=value`. Keys without a namespace belong to the project.
 * Values reach the program as PULUMI_CONFIG does: strings, with lists and objects as JSON.
 */
import * as fs from "fs";
import * as path from "path";
import { parseProjectYaml } from "./project-yaml";
import { GuardInputError } from "./model";

export interface StackConfig {
    project: string;
    config: Record<string, string>;
    secretKeys: string[];
}

type Obj = Record<string, unknown>;

function readYaml(file: string): Obj {
    try {
        return (parseProjectYaml(fs.readFileSync(file, "utf8")) ?? {}) as Obj;
    } catch (e) {
        throw new GuardInputError(`${file}: ${(e as Error).message.split("\n")[0]}`);
    }
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function asConfigString(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

/** Loads config for the program in `dir` (which holds Pulumi.yaml, if any). */
export function loadStackConfig(dir: string, stack: string | undefined, overrides: string[]): StackConfig {
    const projectFile = path.join(dir, "Pulumi.yaml");
    const project = fs.existsSync(projectFile) ? String(readYaml(projectFile).name ?? "project") : "project";
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    if (fs.existsSync(projectFile)) {
        const decl = (readYaml(projectFile).config ?? {}) as Obj;
        for (const [k, spec] of Object.entries(decl)) {
            const s = (typeof spec === "object" && spec !== null ? spec : { default: spec }) as Obj;
            if ("default" in s && s.default !== undefined && s.default !== null)
                config[qualify(project, k)] = asConfigString(s.default);
            else if ("value" in s) config[qualify(project, k)] = asConfigString(s.value);
        }
    }
    if (stack) {
        const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
        if (!fs.existsSync(stackFile))
            throw new GuardInputError(`--stack ${stack}: ${stackFile} does not exist`);
        const values = (readYaml(stackFile).config ?? {}) as Obj;
        for (const [k, v] of Object.entries(values)) {
            const key = qualify(project, k);
            if (typeof v === "object" && v !== null && "secure" in (v as Obj)) {
                // Offline there is no key to decrypt with: the program sees a placeholder, still as a secret.
                config[key] = "[secret]";
                secretKeys.add(key);
            } else config[key] = asConfigString(v);
        }
    }
    for (const o of overrides) {
        const eq = o.indexOf("=");
        if (eq <= 0) throw new GuardInputError(`--config ${o}: expected key=value`);
        config[qualify(project, o.slice(0, eq))] = o.slice(eq + 1);
    }
    return { project, config, secretKeys: [...secretKeys] };
}
