/**
 * Issue 15, policy throughput: the reads the policies of one evaluation share, and the hot helpers rewritten without
 * closures, give exactly what the old code gave (names, fields, lists, image references) and still report every
 * unknown value to every evaluation that depends on it.
 */
import { ContainerRef, sharedContainers } from "../../lib/k8s";
import {
    MEMO_MISS,
    MemoEntry,
    collectUnverified,
    cosmetic,
    known,
    memoHit,
    memoRead,
    trackUnknowns,
} from "../../lib/unknowns";
import { visitContainers } from "../../policy-pack/pss/psa";
import { PolicyResource } from "../../policy-pack/lib/types";
import { namedRulesOf } from "../../policy-pack/rbac/rules-ext";
import { ImageRef, normalizeRegistryHost, parseImage } from "../../policy-pack/workloads/images";
import { containersOf, podOf } from "../../policy-pack/workloads/pod";
import { mulberry32 } from "../../bench/synthetic";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("memoHit", () => {
    it("misses before memoRead, then returns the value and replays its unknown reads into the evaluation", () => {
        const cache = new WeakMap<object, MemoEntry<string>>();
        const props = trackUnknowns({ a: { b: UNKNOWN } }, "urn:t", "Thing");
        expect(memoHit(cache, props)).toBe(MEMO_MISS);
        const first = collectUnverified(() =>
            memoRead(cache, props, () => known(() => String((props.a as Record<string, unknown>).b), "fb")),
        );
        const again = collectUnverified(() => memoHit(cache, props));
        expect(again.result).toBe("fb");
        expect(again.unverified).toEqual(first.unverified);
        expect(again.unverified).toEqual([{ urn: "urn:t", resource: "Thing", path: ".a.b" }]);
    });
});

function role(rules: unknown, tracked = true): PolicyResource {
    const urn = "urn:pulumi:dev::bp::kubernetes:rbac.authorization.k8s.io/v1:Role::r";
    const props = { metadata: { name: "r", namespace: "ns" }, rules };
    return {
        type: "kubernetes:rbac.authorization.k8s.io/v1:Role",
        name: "r",
        urn,
        props: tracked ? trackUnknowns(props, urn, 'Role "r"') : props,
    };
}

describe("namedRulesOf, read once per properties object", () => {
    it("gives every policy the same frozen rules and reports an unknown value to each of them", () => {
        const r = role([
            { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: UNKNOWN },
            { apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"], resourceNames: ["a", 1] },
        ]);
        const a = collectUnverified(() => namedRulesOf(r));
        const b = collectUnverified(() => namedRulesOf(r));
        expect(b.result).toBe(a.result);
        expect(a.result.every((x) => Object.isFrozen(x))).toBe(true);
        expect(a.result.map((x) => ({ ...x }))).toEqual([
            { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: [], index: 0 },
            {
                apiGroups: ["apps"],
                resources: ["deployments"],
                verbs: ["*"],
                resourceNames: ["a", "1"],
                index: 1,
            },
        ]);
        expect(a.unverified.map((u) => u.path)).toEqual([".rules[0].resourceNames"]);
        expect(b.unverified).toEqual(a.unverified);
        // Other properties objects (another request) are read again.
        const c = role([{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }], false);
        expect(namedRulesOf(c)).not.toBe(a.result);
        expect(namedRulesOf(c).map((x) => x.resources)).toEqual([["pods"]]);
    });
});

/** visitContainers as it was before the closure-free loop: the reference the new one must match. */
function visitContainersOld(
    spec: Record<string, unknown>,
    visit: (container: Record<string, unknown>, name: string, field: string) => void,
): void {
    sharedContainers(spec).forEach(({ container, field }, i) =>
        known(
            () =>
                visit(
                    container,
                    cosmetic(() => String(container?.name ?? i), `(name unknown until apply, #${i})`),
                    field,
                ),
            undefined,
        ),
    );
}

function pod(spec: Record<string, unknown>): PolicyResource {
    const urn = "urn:pulumi:dev::bp::kubernetes:core/v1:Pod::p";
    return {
        type: "kubernetes:core/v1:Pod",
        name: "p",
        urn,
        props: trackUnknowns({ metadata: { name: "p", namespace: "ns" }, spec }, urn, 'Pod "p"'),
    };
}

describe("visitContainers without closures", () => {
    const spec = {
        containers: [{ name: "a", securityContext: { privileged: UNKNOWN } }, {}, null, { name: 7 }],
        initContainers: [{ name: UNKNOWN }, { name: "i" }],
        ephemeralContainers: [{ name: "e", securityContext: { privileged: true } }],
    };
    const collect = (visitor: typeof visitContainersOld, s: Record<string, unknown>) => {
        const seen: string[] = [];
        const r = collectUnverified(() =>
            visitor(s, (c, name, field) => {
                seen.push(`${field} ${name}`);
                // An unknown value skips this container only.
                if ((c.securityContext as Record<string, unknown> | undefined)?.privileged === true)
                    seen.push(`${field} privileged`);
            }),
        );
        return { seen, unverified: r.unverified };
    };

    it("visits the same containers with the same names and fields, and reports the same unknown values", () => {
        const p = pod(spec).props.spec as Record<string, unknown>;
        const now = collect(visitContainers, p);
        const old = collect(visitContainersOld, pod(spec).props.spec as Record<string, unknown>);
        expect(now).toEqual(old);
        expect(now.seen).toEqual([
            "containers[0] a",
            "containers[1] 1",
            "containers[2] 2",
            "containers[3] 7",
            "initContainers[0] (name unknown until apply, #4)",
            "initContainers[1] i",
            "ephemeralContainers[0] e",
            "ephemeralContainers[0] privileged",
        ]);
        expect(now.unverified.map((u) => u.path)).toEqual([".spec.containers[0].securityContext.privileged"]);
        // The container list's own values come from the same shared read.
        const refs: readonly ContainerRef[] = sharedContainers(p);
        expect(refs.map((c) => c.list)).toEqual([
            "containers",
            "containers",
            "containers",
            "containers",
            "initContainers",
            "initContainers",
            "ephemeralContainers",
        ]);
    });

    it("lets any other error through", () => {
        const p = pod({ containers: [{ name: "a" }] }).props.spec as Record<string, unknown>;
        expect(() =>
            visitContainers(p, () => {
                throw new Error("boom");
            }),
        ).toThrow("boom");
    });
});

describe("containersOf by list", () => {
    it("selects the containers of the given lists, as the path prefixes did", () => {
        const r = pod({
            containers: [{ name: "c" }],
            initContainers: [{ name: "i" }, { name: "j" }],
            ephemeralContainers: [{ name: "e" }],
        });
        const p = podOf(r)!;
        const byPrefix = (lists: string[]) =>
            containersOf(p).filter((c) => lists.some((l) => c.path.startsWith(`${l}[`)));
        for (const lists of [
            ["containers"],
            ["initContainers"],
            ["ephemeralContainers"],
            ["containers", "initContainers"],
            ["initContainers", "ephemeralContainers"],
        ] as const) {
            expect(containersOf(p, [...lists])).toEqual(byPrefix([...lists]));
        }
        expect(containersOf(p, ["containers", "initContainers"]).map((c) => c.path)).toEqual([
            'containers[0] "c"',
            'initContainers[0] "i"',
            'initContainers[1] "j"',
        ]);
        // Each call gives its own list (a policy may sort it).
        expect(containersOf(p)).not.toBe(containersOf(p));
    });
});

/** parseImage as it was (the domain split with split("/")[0] and includes("/")): the reference. */
function parseImageOld(image: string): ImageRef | undefined {
    let rest = image.trim();
    if (!rest || /\s/.test(rest)) return undefined;
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const colon = rest.lastIndexOf(":");
    if (colon > rest.lastIndexOf("/")) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    if (!rest || tag === "" || digest === "") return undefined;
    const first = rest.split("/")[0];
    const hasDomain =
        rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
    let domain = hasDomain ? first.toLowerCase() : "docker.io";
    let path = hasDomain ? rest.slice(first.length + 1) : rest;
    domain = normalizeRegistryHost(domain);
    if (domain === "docker.io" && !path.includes("/")) path = `library/${path}`;
    if (!path) return undefined;
    return { domain, path, tag, digest };
}

describe("parseImage", () => {
    it("parses references as before (fixed and seeded random references)", () => {
        expect(parseImage("nginx")).toEqual({ domain: "docker.io", path: "library/nginx" });
        expect(parseImage("localhost/x:1")).toEqual({ domain: "localhost", path: "x", tag: "1" });
        expect(parseImage("Host.Example:443/a/b@sha256:ab")).toEqual({
            domain: "host.example",
            path: "a/b",
            digest: "sha256:ab",
        });
        expect(parseImage("host:5000/a")).toEqual({ domain: "host:5000", path: "a" });
        expect(parseImage("team/app:v2")).toEqual({ domain: "docker.io", path: "team/app", tag: "v2" });
        expect(parseImage("a.b/")).toBeUndefined();
        // Differential against the old parser: fixed and seeded random references.
        const rnd = mulberry32(15);
        const parts = ["a", "b.c", "localhost", "h:5000", "x", "", "Reg.IO", "index.docker.io", "p:443", " "];
        const tails = ["", ":v1", ":", "@sha256:ab", "@", ":latest@sha256:cd"];
        let parsed = 0;
        for (let i = 0; i < 3000; i++) {
            const n = 1 + Math.floor(rnd() * 4);
            const image =
                Array.from({ length: n }, () => parts[Math.floor(rnd() * parts.length)]).join("/") +
                tails[Math.floor(rnd() * tails.length)];
            const ref = parseImage(image);
            expect(ref).toEqual(parseImageOld(image));
            if (ref) parsed++;
        }
        expect(parsed).toBeGreaterThan(500);
    });
});
