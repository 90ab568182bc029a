// guard/project-yaml.ts: Pulumi.yaml is parsed once per distinct text in a process, and the shared value is frozen.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseProjectYaml } from "../../guard/project-yaml";

const blueprint = fs.readFileSync(path.join(__dirname, "../../Pulumi.yaml"), "utf8");

test("is yaml's parse, the same object for the same text, deep-frozen", () => {
    const a = parseProjectYaml(blueprint) as { config: Record<string, unknown> };
    expect(a).toEqual(parse(blueprint));
    expect(parseProjectYaml(blueprint)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const someKey = Object.values(a.config).find((v) => v && typeof v === "object");
    expect(Object.isFrozen(someKey)).toBe(true);
    expect(() => {
        "use strict";
        (a as { name?: string }).name = "changed";
    }).toThrow(TypeError);
    // Another text, another value.
    expect(parseProjectYaml(`${blueprint}\n# changed\n`)).not.toBe(a);
    expect(parseProjectYaml("")).toBeNull();
});

test("a text that does not parse throws every time", () => {
    for (let i = 0; i < 2; i++) expect(() => parseProjectYaml("a: [1\n")).toThrow();
});
