/**
 * guard/yaml.ts keeps no parse tree per document: `locate` parses the document again when a violation names a
 * field. The locations must be those the tree gave when it was kept (guard/yaml-locate.ts over the same document),
 * for every document of a stream, in any order, beyond the few trees it caches; and the merge-order check still runs
 * whenever a document can hold a merge key.
 */
import { parseDocument } from "yaml";
import { parseManifestText } from "../../guard/manifests";
import { parseKubernetesYaml } from "../../guard/yaml";
import { lineColumnIn, yamlLocator } from "../../guard/yaml-locate";

/** The chunk texts and first lines of a stream split on `---` lines (the test's streams have no other markers). */
function chunks(text: string): { text: string; line: number }[] {
    const out: { text: string; line: number }[] = [];
    let cur: string[] = [];
    let start = 1;
    text.split(/(?<=\n)/).forEach((l, i) => {
        if (l.startsWith("---")) {
            if (cur.length) out.push({ text: cur.join(""), line: start });
            cur = [];
            start = i + 2;
        } else cur.push(l);
    });
    if (cur.length) out.push({ text: cur.join(""), line: start });
    return out;
}

function deployment(i: number): string {
    return [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        `  name: app-${i}`,
        "  labels: {app: x}",
        "spec:",
        "  template:",
        "    spec:",
        ...Array.from({ length: (i % 3) + 1 }, (_, c) => [
            c === 0 ? "      containers:" : "",
            `      - name: c${c}`,
            `        image: "nginx:1.${i}"`,
            "        securityContext:",
            `          privileged: ${i % 2 === 0}`,
        ])
            .flat()
            .filter(Boolean),
        "",
    ].join("\n");
}

const paths: (string | number)[][] = [
    [],
    ["kind"],
    ["metadata", "name"],
    ["metadata", "labels", "app"],
    ["spec", "template", "spec", "containers", 0, "image"],
    ["spec", "template", "spec", "containers", 2, "securityContext", "privileged"],
    ["spec", "template", "spec", "containers", 1, "securityContext", "runAsNonRoot"],
    ["spec", "missing", "deeper"],
];

describe("locations without a kept parse tree", () => {
    const text = Array.from({ length: 30 }, (_, i) => deployment(i)).join("---\n");

    it("every document locates every path as its own parse tree does, in any order", () => {
        const docs = parseKubernetesYaml(text);
        const expected = chunks(text).map((c) =>
            yamlLocator(parseDocument(c.text, { version: "1.1" }), lineColumnIn(c.text, c.line)),
        );
        expect(docs).toHaveLength(30);
        // Backwards, then forwards: more documents than the cache holds.
        for (const i of [...docs.keys()].reverse().concat([...docs.keys()])) {
            expect(docs[i].start).toEqual(expected[i].start);
            for (const p of paths) expect(docs[i].locate(p)).toEqual(expected[i].locate(p));
        }
        expect(docs[0].locate(["metadata", "name"])).toEqual({ line: 4, column: 3 });
        expect(docs[1].locate(["kind"])).toEqual({ line: expected[1].start.line + 1, column: 1 });
    });

    it("List items keep their start lines and field locations", () => {
        const list =
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n";
        const objs = parseManifestText(list, "list.yaml");
        expect(objs.map((o) => o.start)).toEqual([
            { line: 4, column: 3 },
            { line: 7, column: 3 },
        ]);
        expect(objs[1].locate(["metadata", "name"])).toEqual({ line: 10, column: 5 });
    });

    it("still refuses a key set before a merge, by << or by an explicit !!merge key", () => {
        expect(() => parseKubernetesYaml("b: &b {x: 1}\nm:\n  x: 2\n  <<: *b\n")).toThrow(
            /set before a << merge/,
        );
        expect(() => parseKubernetesYaml("b: &b {x: 1}\nm:\n  x: 2\n  !!merge <<: *b\n")).toThrow(
            /set before a << merge/,
        );
    });
});
