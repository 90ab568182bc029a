/**
 * The platform's Falco rules parse as valid Falco rule YAML: every rule has rule/desc/condition/output/priority with a
 * priority from Falco's list, and every macro or list a condition references is defined in the file (or is one of
 * the Falco default macros listed below - the file uses none today, so it loads even without the default rules).
 */
import { parse } from "yaml";
import { falcoDefaults, falcoRulesOptions, falcoValues } from "../../components/runtime/falco";
import { falcoPriorities, falcoRulesYaml, FalcoRulesOptions } from "../../components/runtime/falcoRules";

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is untyped */

/** Falco default-ruleset macros/lists a custom rule may rely on (falcosecurity/rules falco_rules.yaml). */
const knownDefaultMacros = new Set([
    "container",
    "spawned_process",
    "open_read",
    "open_write",
    "outbound",
    "inbound",
    "bin_dir",
    "shell_procs",
    "never_true",
    "proc_name_exists",
]);
const knownDefaultLists = new Set(["shell_binaries", "rfc_1918_addresses", "package_mgmt_binaries"]);

const operators = new Set([
    "and",
    "or",
    "not",
    "in",
    "intersects",
    "pmatch",
    "exists",
    "startswith",
    "endswith",
    "contains",
    "icontains",
    "bcontains",
    "bstartswith",
    "glob",
    "iglob",
    "regex",
]);
const comparisons = new Set([
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "startswith",
    "endswith",
    "contains",
    "icontains",
    "bcontains",
    "bstartswith",
    "glob",
    "iglob",
    "regex",
]);

/** Macro and list references of one condition. Bare words after a comparison are values; inside `in (...)` lists. */
function references(condition: string): { macros: string[]; lists: string[] } {
    const stripped = condition.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' "" ');
    const tokens =
        stripped.match(/""|!=|==|<=|>=|[=<>(),]|[A-Za-z_][\w.\-[\]]*|\/[^\s(),]*|-?\d+(\.\d+)?/g) ?? [];
    const macros: string[] = [];
    const lists: string[] = [];
    let inList = 0;
    let depth = 0;
    let afterComparison = false;
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (t === "(") {
            depth++;
            if (["in", "intersects", "pmatch"].includes(tokens[i - 1] ?? "")) inList = depth;
            continue;
        }
        if (t === ")") {
            if (inList === depth) inList = 0;
            depth--;
            continue;
        }
        if (t === ",") continue;
        if (comparisons.has(t)) {
            afterComparison = true;
            continue;
        }
        const isWord = /^[A-Za-z_][\w-]*$/.test(t) && !t.includes(".");
        if (inList) {
            if (isWord) lists.push(t);
        } else if (afterComparison) {
            afterComparison = false; // the value
        } else if (isWord && !operators.has(t)) macros.push(t);
    }
    return { macros, lists };
}

function parseRules(o: FalcoRulesOptions): any[] {
    const doc = parse(falcoRulesYaml(o));
    expect(Array.isArray(doc)).toBe(true);
    return doc;
}

const defaults = falcoRulesOptions({ namespace: "falco" });

describe("platform Falco rules", () => {
    test("the YAML in the chart values is this rules file", () => {
        expect(falcoValues({ namespace: "falco" }).customRules).toEqual({
            "blueprint-rules.yaml": falcoRulesYaml(defaults),
        });
    });

    test("every item is exactly one of rule, macro or list, with the fields Falco requires", () => {
        for (const item of parseRules(defaults)) {
            const kinds = ["rule", "macro", "list"].filter((k) => k in item);
            expect(kinds).toHaveLength(1);
            if (item.list) expect(Array.isArray(item.items)).toBe(true);
            if (item.macro) expect(typeof item.condition).toBe("string");
            if (item.rule) {
                for (const f of ["rule", "desc", "condition", "output", "priority"]) {
                    expect(typeof item[f]).toBe("string");
                    expect(item[f].trim()).not.toBe("");
                }
                expect(falcoPriorities).toContain(item.priority.toUpperCase());
                expect(Array.isArray(item.tags)).toBe(true);
            }
        }
    });

    test("the four platform rules are there, at warning or worse", () => {
        const rules = parseRules(defaults).filter((i) => i.rule);
        expect(rules.map((r) => r.rule)).toEqual([
            "Shell in a platform container",
            "Sensitive file read in a container",
            "Unexpected outbound connection from Vault",
            "Write below a binary directory",
        ]);
        for (const r of rules)
            expect(falcoPriorities.indexOf(r.priority.toUpperCase())).toBeLessThanOrEqual(
                falcoPriorities.indexOf("WARNING"),
            );
    });

    test("every referenced macro and list is defined in the file or a known Falco default; names are unique", () => {
        for (const o of [
            defaults,
            { ...defaults, vaultAllowedPorts: [], shellAllowedImages: [], sensitiveReadNamespaces: [] },
        ]) {
            const items = parseRules(o);
            const macros = new Set(items.filter((i) => i.macro).map((i) => i.macro));
            const lists = new Set(items.filter((i) => i.list).map((i) => i.list));
            const names = items.map((i) => i.rule ?? i.macro ?? i.list);
            expect(new Set(names).size).toBe(names.length);
            for (const i of items.filter((x) => x.condition)) {
                const refs = references(i.condition);
                for (const m of refs.macros)
                    expect({ m, defined: macros.has(m) || knownDefaultMacros.has(m) }).toEqual({
                        m,
                        defined: true,
                    });
                for (const l of refs.lists)
                    expect({ l, defined: lists.has(l) || knownDefaultLists.has(l) }).toEqual({
                        l,
                        defined: true,
                    });
            }
            // Not vacuous: the rules do reference the file's macros and lists.
            const shell = references(items.find((x) => x.rule === "Shell in a platform container").condition);
            expect(shell.macros).toEqual(["blueprint_spawned_process", "blueprint_container"]);
            expect(shell.lists).toEqual([
                "blueprint_shell_binaries",
                "blueprint_platform_namespaces",
                "blueprint_shell_allowed_images",
            ]);
            // Parentheses balance.
            for (const i of items.filter((x) => x.condition))
                expect((i.condition.match(/\(/g) ?? []).length).toBe((i.condition.match(/\)/g) ?? []).length);
        }
    });

    test("the reference check itself catches an undefined macro and an undefined list", () => {
        expect(
            references("blueprint_container and proc.name in (missing_list) and not k8s.ns.name = kube"),
        ).toEqual({ macros: ["blueprint_container"], lists: ["missing_list"] });
        expect(references('evt.type = connect and fd.name startswith "/etc" and my_macro')).toEqual({
            macros: ["my_macro"],
            lists: [],
        });
    });

    test("list items with '-' '/' or CIDRs are quoted, as Falco needs", () => {
        const items = parseRules(defaults).filter((i) => i.list);
        for (const l of items)
            for (const it of l.items)
                if (typeof it === "string" && /[-/.]/.test(it)) expect(it).toMatch(/^".*"$/);
        const nets = items.find((i) => i.list === "blueprint_vault_allowed_networks");
        expect(nets.items).toEqual(falcoDefaults.vaultAllowedNetworks.map((c) => `"${c}"`));
    });

    test("arguments reach the rules: platform namespaces, Vault namespace, allowed ports", () => {
        const items = parseRules({
            ...defaults,
            platformNamespaces: ["ops"],
            vaultNamespace: "secrets",
            vaultAllowedPorts: [8443],
        });
        expect(items.find((i) => i.list === "blueprint_platform_namespaces").items).toEqual(['"ops"']);
        expect(items.find((i) => i.rule === "Unexpected outbound connection from Vault").condition).toContain(
            'k8s.ns.name = "secrets"',
        );
        expect(items.find((i) => i.list === "blueprint_vault_allowed_ports").items).toEqual([8443]);
        const strict = parseRules({ ...defaults, vaultAllowedPorts: [] });
        expect(strict.find((i) => i.list === "blueprint_vault_allowed_ports")).toBeUndefined();
        expect(strict.find((i) => i.macro === "blueprint_vault_allowed_port").condition).toBe(
            "(evt.num = 0)",
        );
    });
});
