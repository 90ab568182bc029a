/**
 * The `yaml` package's parse of a Pulumi project or stack file, once per distinct text in a process. A program run
 * reads Pulumi.yaml up to four times (where the program starts, its prestart, the project name and the config
 * declarations): the blueprint's is 16 KB, and each parse cost 10 to 60 ms of the guard's CPU. The value is
 * deep-frozen, as every caller shares it; a text that does not parse throws each time it is read.
 */
import { parse } from "yaml";

const parsed = new Map<string, unknown>();

function deepFreeze<T>(v: T): T {
    if (v && typeof v === "object" && !Object.isFrozen(v)) {
        Object.freeze(v);
        for (const x of Object.values(v)) deepFreeze(x);
    }
    return v;
}

/** `parse(text)` (null for an empty document), shared and frozen. */
export function parseProjectYaml(text: string): unknown {
    if (parsed.has(text)) return parsed.get(text);
    const value = deepFreeze(parse(text) as unknown);
    // Bounded: a process reads a handful of project files.
    if (parsed.size < 16) parsed.set(text, value);
    return value;
}
