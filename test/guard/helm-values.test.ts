// The pure half of Helm rendering: placeholders for unknown and secret leaves, and reading renders back.
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read deep into rendered, untyped objects */
import {
    markDifferences,
    markSecret,
    markUnknown,
    materialize,
    placeholder,
    shapeOf,
    splitHelmStream,
    unknownWherePlaceholder,
} from "../../guard/helm-values";
import { isSecret, secretOf, unknownValue } from "../../guard/model";

const variant = { nonce: "abc123", numberBase: 1_000_000, secrets: "reveal" as const };

describe("materialize", () => {
    test("an unknown leaf becomes a DNS-label placeholder; known leaves stay as they are", () => {
        const m = materialize({ a: { b: unknownValue, c: "x" }, list: [1, unknownValue] }, variant);
        expect(m.values).toEqual({ a: { b: "unknown-abc123-0", c: "x" }, list: [1, "unknown-abc123-1"] });
        expect(placeholder("unknown", "abc123", 0)).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    });

    test("an unknown leaf whose chart default is a number gets a number; a boolean default is reported", () => {
        const typeAt = (p: string[]) =>
            p.join(".") === "server.replicas"
                ? "number"
                : p.join(".") === "ui.enabled"
                  ? "boolean"
                  : undefined;
        const m = materialize(
            { server: { replicas: unknownValue }, ui: { enabled: unknownValue } },
            variant,
            typeAt,
        );
        expect(m.values).toEqual({ server: { replicas: 1_000_000 }, ui: { enabled: "unknown-abc123-1" } });
        expect(m.booleanUnknowns).toEqual(["ui.enabled"]);
    });

    test("secrets are revealed to Helm in one variant and hidden leaf by leaf in the other", () => {
        const values = { password: secretOf("hunter2"), creds: secretOf({ user: "u", port: 5432 }) };
        expect(materialize(values, variant).values).toEqual({
            password: "hunter2",
            creds: { user: "u", port: 5432 },
        });
        const hidden = materialize(values, { ...variant, secrets: "placeholder" }).values as Record<
            string,
            any
        >;
        expect(hidden.password).toBe("secret-abc123-0");
        expect(hidden.creds.user).toBe("secret-abc123-1");
        expect(typeof hidden.creds.port).toBe("number");
        expect(hidden.creds.port).not.toBe(5432);
        expect(shapeOf(values)).toEqual({ unknowns: 0, secrets: 2 });
    });
});

describe("reading renders back", () => {
    test("fields that differ between two renders are unknown; whole maps when keys differ, lists when lengths do", () => {
        const a = {
            data: { key: "unknown-a-0", hash: "1111", same: "s" },
            list: [1, 2],
            labels: { "x-a": "1" },
        };
        const b = {
            data: { key: "unknown-b-0", hash: "2222", same: "s" },
            list: [1, 2, 3],
            labels: { "x-b": "1" },
        };
        expect(markDifferences(a, b, markUnknown)).toEqual({
            data: { key: unknownValue, hash: unknownValue, same: "s" },
            list: unknownValue,
            labels: unknownValue,
        });
    });

    test("fields that differ when secrets are hidden become secrets with the revealed value; unknowns stay unknown", () => {
        const merged = { data: { pw: "aHVudGVyMg==", u: unknownValue, other: "o" } };
        const hidden = { data: { pw: "c2VjcmV0LWEtMA==", u: "unknown-a-0", other: "o" } };
        const out = markDifferences(merged, hidden, markSecret) as any;
        expect(isSecret(out.data.pw)).toBe(true);
        expect(out.data.pw.value).toBe("aHVudGVyMg==");
        expect(out.data.u).toBe(unknownValue);
        expect(out.data.other).toBe("o");
    });

    test("a placeholder left in a string or a key makes that field unknown", () => {
        expect(
            unknownWherePlaceholder(
                { a: "prefix-unknown-n1-3-suffix", m: { "unknown-n1-0": "v" }, k: "kept" },
                "n1",
            ),
        ).toEqual({ a: unknownValue, m: unknownValue, k: "kept" });
    });

    test("a helm stream splits on --- lines and keeps each document's # Source", () => {
        const stream = [
            "---",
            "# Source: demo/templates/a.yaml",
            "apiVersion: v1",
            "kind: ConfigMap",
            "data:",
            "  script: |",
            "    echo ---not-a-separator",
            "---",
            "# Source: demo/templates/empty.yaml",
            "# only a comment",
            "--- # Source: demo/templates/b.yaml",
            "# Source: demo/templates/b.yaml",
            "apiVersion: v1",
            "kind: Secret",
        ].join("\n");
        const docs = splitHelmStream(stream);
        expect(docs.map((d) => d.source)).toEqual(["demo/templates/a.yaml", "demo/templates/b.yaml"]);
        expect(docs[0].text).toContain("echo ---not-a-separator");
    });
});
