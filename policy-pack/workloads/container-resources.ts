/** Requests let the scheduler place pods; limits stop one pod from starving the node (a DoS on its neighbours). */
import { ResourcePolicy } from "../lib/types";
import { isUnknownValueError } from "../../lib/unknowns";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { celString, failingNames, hasPath } from "../lib/admission";

/** Admission: every `section.resource` in `required` is set and non-empty (a limit also sets the request). */
function resourcesOk(required: string[]): string {
    const set = (section: string, res: string) =>
        `(${hasPath("c", ["resources", section])} && ${celString(res)} in c.resources.${section} && ` +
        `string(c.resources.${section}[${celString(res)}]) != '')`;
    const clauses = required.map((key) => {
        const [section, res] = key.split(".");
        return section === "requests"
            ? `(${set("requests", res)} || ${set("limits", res)})`
            : set(section, res);
    });
    return clauses.length ? clauses.join(" && ") : "true";
}

const all = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

const mainAndInit: ReadonlyArray<"containers" | "initContainers"> = ["containers", "initContainers"];

/** Whether `container.resources[section][res]` is set and non-empty; a value unknown during preview counts as set. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped Kubernetes JSON
function isSet(container: Record<string, any>, section: string, res: string): boolean {
    let v: unknown;
    try {
        v = container.resources?.[section]?.[res];
    } catch (e) {
        if (!isUnknownValueError(e)) throw e;
        return true;
    }
    return !(v === undefined || v === null || v === "");
}

export const containerResources: ResourcePolicy = {
    kind: "resource",
    name: "container-resources",
    since: "0.1.0",
    description: "Every container and init container sets CPU and memory requests and limits.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set resources: { requests: { cpu, memory }, limits: { cpu, memory } } on every container " +
        "(SecureWorkload does this), or narrow the config `required` list after review.",
    frameworks: { nsa: "Resource policies: limit resource use per container", brief: ["C1", "C5", "Q6"] },
    configSchema: {
        required: {
            type: "array",
            items: { type: "string", enum: all },
            uniqueItems: true,
            default: all,
            description: "Which of requests.cpu, requests.memory, limits.cpu, limits.memory are required.",
        },
    },
    types: POD_TYPES,
    admission: {
        match: "pods",
        // The CRD-free form of params: the `required` list is folded into the expression.
        validations: (config) => {
            const ok = resourcesOk(config.required ?? all);
            return [
                {
                    expression: `variables.appContainers.all(c, ${ok})`,
                    messageExpression:
                        "variables.label + ' containers [' + " +
                        failingNames("variables.appContainers", ok) +
                        ` + '] do not set resources ${(config.required ?? all).join(", ")}.'`,
                },
            ];
        },
    },
    check(r, config) {
        const pod = podOf(r);
        if (!pod) return [];
        const required: string[] = config.required ?? all;
        // Each `section.resource` key split once per resource, not once per container.
        const keys = required.map((key) => {
            const [section, res] = key.split(".");
            return { key, section, res };
        });
        const out = [];
        for (const { path, container } of containersOf(pod, mainAndInit)) {
            // Kubernetes copies a limit into the unset request of the same resource (API defaulting), so a
            // limit alone sets both.
            let missing: string[] | undefined;
            for (const { key, section, res } of keys)
                if (
                    !isSet(container, section, res) &&
                    !(section === "requests" && isSet(container, "limits", res))
                )
                    (missing ??= []).push(key);
            if (missing)
                out.push({ message: `${label(pod)} ${path} does not set resources ${missing.join(", ")}.` });
        }
        return out;
    },
};
