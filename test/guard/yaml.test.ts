// Manifests are read as kubectl reads them (sigs.k8s.io/yaml: go-yaml v2, YAML 1.1, converted to JSON), not with
// the `yaml` package's YAML 1.2 defaults. Expected values follow sigs.k8s.io/yaml's and go-yaml v2's documented
// behaviour.
import { parseManifestText } from "../../guard/manifests";
import { parseKubernetesYaml } from "../../guard/yaml";

const one = (text: string) => {
    const docs = parseKubernetesYaml(text);
    expect(docs).toHaveLength(1);
    return docs[0].value as Record<string, unknown>;
};

describe("YAML 1.1 scalars, as go-yaml v2 resolves them", () => {
    test.each([
        ["yes", true],
        ["Yes", true],
        ["YES", true],
        ["y", true],
        ["Y", true],
        ["on", true],
        ["On", true],
        ["ON", true],
        ["true", true],
        ["no", false],
        ["No", false],
        ["NO", false],
        ["n", false],
        ["N", false],
        ["off", false],
        ["Off", false],
        ["OFF", false],
        ["False", false],
    ])("%s is the boolean %s", (text, value) => {
        expect(one(`v: ${text}\n`).v).toBe(value);
    });

    test.each([
        ["0777", 511], // YAML 1.1 octal
        ["0o17", 15], // Go's ParseInt base 0
        ["0x1F", 31],
        ["0b101", 5],
        ["1_000", 1000],
        ["-0x10", -16],
        ["+12", 12],
        ["1e3", 1000], // a float in go-yaml v2 (the yaml package's 1.1 float needs a dot)
        ["08", 8], // not octal: go-yaml v2 falls back to a float
        [".5", 0.5],
        ["~", null],
        ["Null", null],
    ])("%s is %j", (text, value) => {
        expect(one(`v: ${text}\n`).v).toBe(value);
    });

    test.each([
        ["2001-12-14", "2001-12-14"], // timestamps stay strings for an untyped target
        ["1:20", "1:20"], // no sexagesimal numbers in go-yaml v2
        ["tRUE", "tRUE"],
        ["'yes'", "yes"], // quoted scalars are strings
        ['"0777"', "0777"],
        ["0o", "0o"],
    ])("%s stays the string %j", (text, value) => {
        expect(one(`v: ${text}\n`).v).toBe(value);
    });

    test("block scalars are strings", () => {
        expect(one("v: |\n  yes\n").v).toBe("yes\n");
    });

    test(".inf and .nan cannot become JSON: an error naming the line", () => {
        expect(() => parseKubernetesYaml("a: 1\nv: .inf\n")).toThrow(/infinite or not a number/);
        try {
            parseKubernetesYaml("a: 1\nv: .nan\n");
        } catch (e) {
            expect((e as { line?: number }).line).toBe(2);
        }
        expect.assertions(2);
    });
});

describe("map keys, as sigs.k8s.io/yaml converts them to JSON", () => {
    test("non-string keys become strings (yes/on are the key true, ints and floats are formatted as Go does)", () => {
        expect(one("yes: a\n1: b\n1.5: c\n1e6: d\nn: e\n")).toEqual({
            true: "a",
            "1": "b",
            "1.5": "c",
            "1e+06": "d",
            false: "e",
        });
    });

    test("duplicate keys are an error, also when two keys become the same string", () => {
        expect(() => parseKubernetesYaml("a: 1\na: 2\n")).toThrow(/unique|duplicate/i);
        expect(() => parseKubernetesYaml("1: a\n'1': b\n")).toThrow(/duplicate key "1"/);
        expect(() => parseKubernetesYaml("yes: a\ntrue: b\n")).toThrow(/must be unique|duplicate key "true"/);
    });

    test("null and collection keys cannot become JSON keys", () => {
        expect(() => parseKubernetesYaml("~: a\n")).toThrow(/map key null/);
        expect(() => parseKubernetesYaml("? [a]\n: 1\n")).toThrow(/cannot become a JSON key/);
    });

    test("a key named __proto__ stays a plain key", () => {
        const v = one("__proto__: {polluted: true}\n");
        expect(Object.keys(v)).toEqual(["__proto__"]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
});

describe("merge keys", () => {
    test("<<: *anchor merges, and keys after it override", () => {
        const v = one(
            "base: &b {hostNetwork: true, dnsPolicy: Default}\nspec:\n  <<: *b\n  dnsPolicy: None\n",
        );
        expect(v.spec).toEqual({ hostNetwork: true, dnsPolicy: "None" });
    });

    test("a list of merges: earlier maps win", () => {
        const v = one("a: &a {x: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n");
        expect(v.c).toEqual({ x: 1, z: 2 });
    });

    test("a key set before a << that also sets it is refused (go-yaml v2 lets the merge win, YAML 1.1 not)", () => {
        expect(() =>
            parseKubernetesYaml("b: &b {hostNetwork: true}\nspec:\n  hostNetwork: false\n  <<: *b\n"),
        ).toThrow(/key "hostNetwork" is set before a << merge/);
    });
});

describe("documents, as kubectl's YAMLReader splits them", () => {
    test("--- lines with an optional comment separate documents; empty and null documents are skipped", () => {
        const docs = parseKubernetesYaml("a: 1\n--- # next\n# only a comment\n---\nnull\n---\nb: 2\n");
        expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
        expect(docs.map((d) => d.line)).toEqual([1, 7]);
    });

    test("content after --- on the same line is an error (kubectl: invalid document separator)", () => {
        expect(() => parseKubernetesYaml("a: 1\n--- {b: 2}\n")).toThrow(/invalid document separator/);
    });

    test("a second document after ... without --- is an error, not silently read or dropped", () => {
        expect(() => parseKubernetesYaml("a: 1\n...\nb: 2\n")).toThrow(/multiple documents/i);
    });

    test("directives are refused", () => {
        expect(() => parseKubernetesYaml("%YAML 1.2\n---\na: 1\n")).toThrow(/directives/);
    });
});

describe("Kubernetes objects from a manifest", () => {
    test("Lists nested in Lists are flattened recursively", () => {
        const objs = parseManifestText(
            [
                "apiVersion: v1",
                "kind: List",
                "items:",
                "  - apiVersion: v1",
                "    kind: ConfigMapList",
                "    items:",
                "      - {apiVersion: v1, kind: ConfigMap, metadata: {name: inner}}",
                "  - {apiVersion: v1, kind: Pod, metadata: {name: outer}}",
                "",
            ].join("\n"),
            "list.yaml",
        );
        expect(objs.map((o) => `${o.object.kind} ${(o.object.metadata as { name: string }).name}`)).toEqual([
            "ConfigMap inner",
            "Pod outer",
        ]);
    });

    test("a text starting with { is JSON, as kubectl's YAMLOrJSONDecoder decides", () => {
        const objs = parseManifestText('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}', "x.yaml");
        expect(objs[0].object.kind).toBe("Pod");
    });

    test("hostPID: on, privileged: yes and a merged hostNetwork reach the object as booleans", () => {
        const [pod] = parseManifestText(
            [
                "apiVersion: v1",
                "kind: Pod",
                "metadata: {name: p}",
                "x-host: &host {hostNetwork: yes}",
                "spec:",
                "  <<: *host",
                "  hostPID: on",
                "  containers: [{name: c, image: i, securityContext: {privileged: yes}}]",
                "",
            ].join("\n"),
            "pod.yaml",
        );
        const spec = pod.object.spec as Record<string, unknown>;
        expect(spec.hostNetwork).toBe(true);
        expect(spec.hostPID).toBe(true);
        expect(
            (spec.containers as { securityContext: { privileged: unknown } }[])[0].securityContext.privileged,
        ).toBe(true);
    });
});
