/**
 * Container image references, parsed the way the container runtime resolves them (docker/distribution's
 * reference grammar): `nginx` is `docker.io/library/nginx:latest`.
 */

/** A parsed image reference. */
export interface ImageRef {
    /** Registry host, normalized (`docker.io` for Docker Hub). */
    domain: string;
    /** Repository path inside the registry, e.g. `library/nginx`. */
    path: string;
    /** Tag, if any. */
    tag?: string;
    /** Digest (`sha256:...`), if any. */
    digest?: string;
}

/** Parses an image reference; undefined for an empty or malformed one. */
export function parseImage(image: string): ImageRef | undefined {
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
    const slash = rest.indexOf("/");
    const first = slash < 0 ? rest : rest.slice(0, slash);
    const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    let domain = hasDomain ? first.toLowerCase() : "docker.io";
    let path = hasDomain ? rest.slice(first.length + 1) : rest;
    domain = normalizeRegistryHost(domain);
    if (domain === "docker.io" && !path.includes("/")) path = `library/${path}`;
    if (!path) return undefined;
    return { domain, path, tag, digest };
}

/**
 * A registry host as the runtime compares it: lower case, the default HTTPS port 443 dropped
 * (`harbor.example.com:443` is `harbor.example.com`), and Docker Hub's aliases folded into `docker.io`.
 */
export function normalizeRegistryHost(host: string): string {
    let h = host.toLowerCase().replace(/:443$/, "");
    if (h === "index.docker.io" || h === "registry-1.docker.io") h = "docker.io";
    return h;
}

/**
 * Hex length of each digest algorithm the runtime accepts (opencontainers/go-digest's registered algorithms,
 * which distribution/reference validates a digest against): any other algorithm or length does not pin.
 */
const digestHexLength: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** True for a well-formed digest: `sha256:<64 hex>`, `sha384:<96 hex>` or `sha512:<128 hex>`, lower-case hex. */
export function isDigest(d: string | undefined): boolean {
    const m = d ? /^([a-z0-9]+):([a-f0-9]+)$/.exec(d) : null;
    return !!m && digestHexLength[m[1]] === m[2].length;
}

/**
 * Compiles an allowed-registry entry to a matcher. An entry is a registry host (`registry.k8s.io`) or a host
 * plus repository prefix (`docker.io/aquasec`); it matches at a path boundary, so `docker.io/aqua` does not match
 * `docker.io/aquasec/kube-bench`. `*` matches within one path segment (`*.dkr.ecr.*.amazonaws.com`). An entry
 * without a host (`aquasec`) is a Docker Hub namespace, as the runtime would read it.
 */
export function registryMatcher(entry: string): (ref: ImageRef) => boolean {
    const re = new RegExp(`^${registryPattern(entry)}(?:/|$)`);
    return (ref) => re.test(`${ref.domain}/${ref.path}`);
}

/** The regular expression (JavaScript and RE2 alike) of one allow-list entry, without anchors (see registryMatcher). */
export function registryPattern(entry: string): string {
    const e = entry.trim().replace(/\/+$/, "");
    const first = e.split("/")[0];
    const hasDomain =
        first.includes(".") || first.includes(":") || first === "localhost" || first.includes("*");
    const normalized = hasDomain ? e : `docker.io/${e}`;
    const [host, ...rest] = normalized.split("/");
    return [normalizeRegistryHost(host), ...rest]
        .map((seg) =>
            seg
                .split("*")
                .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join("[^/]*"),
        )
        .join("/");
}

/** One RE2 expression that matches `domain/path` of an image when an entry of the list matches it. */
export function registryListPattern(entries: readonly string[]): string {
    return entries.length ? `^(?:${entries.map(registryPattern).join("|")})(?:/|$)` : "^$";
}

/** True for a `sha256:<64 lowercase hex>` digest: the only form the app-tier pinning accepts. */
export function isSha256Digest(d: string | undefined): boolean {
    return !!d && /^sha256:[a-f0-9]{64}$/.test(d);
}

/** A compiled allow-list: true when the image matches one of its entries. */
export type RegistryList = (ref: ImageRef) => boolean;

const compiledLists = new Map<string, RegistryList>();
const maxCachedLists = 64;

/**
 * Compiles a whole allow-list once per distinct list and caches it (bounded), so a policy that runs on every
 * preview of a long-lived pack process never recompiles the same config.
 */
export function registryList(entries: readonly string[]): RegistryList {
    const key = entries.join("\n");
    let list = compiledLists.get(key);
    if (!list) {
        // One expression for the whole list (the entries' alternation, as registryListPattern gives the admission
        // form): the same answer as testing each entry's matcher in turn, with one test per image.
        const re = new RegExp(registryListPattern(entries));
        list = (ref) => re.test(`${ref.domain}/${ref.path}`);
        if (compiledLists.size >= maxCachedLists)
            compiledLists.delete(compiledLists.keys().next().value as string);
        compiledLists.set(key, list);
    }
    return list;
}

/*
 * The same parsing for the admission form (CEL over the raw image string, RE2 regexes). `t` is a CEL expression of
 * the trimmed image. Each is tested for agreement with parseImage/isDigest in test/admission.
 */

/** CEL: `t` is an image reference parseImage accepts (no inner whitespace, name, tag, digest and path non-empty). */
export function celWellFormedImage(t: string): string {
    return (
        `(${t}.matches('^[^@\\\\s]+(@\\\\S+)?$') && !${t}.matches('^[^@]*:(@|$)') && ` +
        `!${t}.matches('^:[^:/@]*(@|$)') && !${t}.matches('^([^/@]*[.:][^/@]*|localhost)/(:[^:/@]*)?(@|$)'))`
    );
}

/** CEL: `t` (well-formed) carries a digest (any, as `ref.digest` is truthy). */
export function celHasDigest(t: string): string {
    return `${t}.contains('@')`;
}

/** CEL: `t` (well-formed) has a tag: the text after a ':' that follows the last '/', before any '@'. */
export function celHasTag(t: string): string {
    return `${t}.matches('^[^@]*:[^:/@]+(@|$)')`;
}

/** CEL: `t` (well-formed) is pinned by a digest isDigest accepts. */
export function celDigestPinned(t: string): string {
    return `${t}.matches('^[^@]*@(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$')`;
}
