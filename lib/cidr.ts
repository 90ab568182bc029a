/**
 * IPv4 and IPv6 addresses and CIDRs, the one implementation: parsing with the reason for a refusal (config
 * validation), containment (NetworkPolicy ipBlocks, Service CIDRs), and address arithmetic. Addresses are BigInts
 * plus their family's width. What counts as an address is what Node's `net.isIPv4`/`net.isIPv6` accept (no leading
 * zeros in IPv4 octets), except IPv6 zone ids (`fe80::1%eth0`), which no CIDR carries; containment agrees with
 * Node's `net.BlockList` (test/cidr/oracle.test.ts checks both over generated cases). Pure.
 */

/** An address: its family's width and its value. */
export interface Addr {
    bits: 32 | 128;
    value: bigint;
}

/** A parsed CIDR: family, network address (host bits cleared) and prefix length. */
export interface Cidr {
    family: 4 | 6;
    bits: 32 | 128;
    network: bigint;
    prefix: number;
}

function parseV4(s: string): bigint | undefined {
    const parts = s.split(".");
    if (parts.length !== 4) return undefined;
    let v = 0n;
    for (const p of parts) {
        // No leading zeros: "010" is octal to some parsers and decimal to others, so Node and Go refuse it.
        if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
        v = (v << 8n) | BigInt(Number(p));
    }
    return v;
}

function parseV6(s: string): bigint | undefined {
    if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
    const halves = s.split("::");
    if (halves.length > 2) return undefined;
    const groups = (h: string): string[] => (h === "" ? [] : h.split(":"));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    // An embedded IPv4 tail (the last group only) counts as two groups.
    const expand = (gs: string[], last: boolean): string[] | undefined => {
        const out: string[] = [];
        for (const [i, g] of gs.entries()) {
            if (g.includes(".")) {
                const v4 = i === gs.length - 1 && last ? parseV4(g) : undefined;
                if (v4 === undefined) return undefined;
                out.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
            } else out.push(g);
        }
        return out;
    };
    const h = expand(head, halves.length === 1);
    const t = expand(tail, true);
    if (!h || !t) return undefined;
    const missing = 8 - h.length - t.length;
    if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
    const all = [...h, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...t];
    let v = 0n;
    for (const g of all) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        v = (v << 16n) | BigInt(parseInt(g, 16));
    }
    return v;
}

/** Parses an IP address; undefined when invalid. */
export function parseIp(s: string): Addr | undefined {
    const v4 = parseV4(s);
    if (v4 !== undefined) return { bits: 32, value: v4 };
    const v6 = parseV6(s);
    return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

/** An address in its usual text form: dotted quad, or IPv6 compressed as RFC 5952 says (longest zero run as `::`). */
export function formatIp(a: Addr): string {
    if (a.bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 255n)).join(".");
    const g = Array.from({ length: 8 }, (_, i) => Number((a.value >> BigInt(112 - 16 * i)) & 0xffffn));
    let best = { at: -1, len: 0 };
    for (let i = 0; i < 8;) {
        if (g[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && g[j] === 0) j++;
        if (j - i > best.len) best = { at: i, len: j - i };
        i = j;
    }
    const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
    if (best.len < 2) return hex(g);
    return `${hex(g.slice(0, best.at))}::${hex(g.slice(best.at + best.len))}`;
}

/**
 * Parses `a.b.c.d/p` or an IPv6 CIDR. Returns an error text instead when it is malformed, or, with `hostBits`
 * "reject" (the default, as AWS and config validation want), when host bits are set (`10.0.0.1/16`); "mask" clears
 * them instead, as Kubernetes reads a NetworkPolicy ipBlock.
 */
export function parseCidr(s: string, hostBits: "reject" | "mask" = "reject"): Cidr | string {
    const m = /^([^/\s]+)\/(\d{1,3})$/.exec(s);
    if (!m) return "not a CIDR (expected address/prefix, e.g. 203.0.113.10/32)";
    const [, addr, p] = m;
    const prefix = Number(p);
    const a = parseIp(addr);
    if (!a) return "not a valid IPv4 or IPv6 address";
    if (prefix > a.bits) return a.bits === 32 ? "IPv4 prefix must be 0-32" : "IPv6 prefix must be 0-128";
    const shift = BigInt(a.bits - prefix);
    const network = (a.value >> shift) << shift;
    if (network !== a.value && hostBits === "reject")
        return `host bits are set (did you mean ${formatIp({ bits: a.bits, value: network })}/${prefix}?)`;
    return { family: a.bits === 32 ? 4 : 6, bits: a.bits, network, prefix };
}

/** A CIDR from a string that may not hold one: host bits cleared, undefined when malformed. */
export function cidrOf(c: string | Cidr): Cidr | undefined {
    if (typeof c !== "string") return c;
    const p = parseCidr(c, "mask");
    return typeof p === "string" ? undefined : p;
}

/** True when address `ip` lies in `cidr` (same family only). */
export function cidrContains(cidr: string | Cidr, ip: string): boolean {
    const c = cidrOf(cidr);
    const a = parseIp(ip);
    if (!c || !a || c.bits !== a.bits) return false;
    const shift = BigInt(c.bits - c.prefix);
    return a.value >> shift === c.network >> shift;
}

/** True when every address of `inner` lies in `outer` (same family only). */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
    if (inner.bits !== outer.bits || inner.prefix < outer.prefix) return false;
    const shift = BigInt(outer.bits - outer.prefix);
    return inner.network >> shift === outer.network >> shift;
}

/** True when the two CIDRs share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    return cidrWithin(a, b) || cidrWithin(b, a);
}

/** The CIDR's network address plus `n` (0 = the network address itself), in text form. */
export function nthAddress(c: Cidr, n: number | bigint): string {
    return formatIp({ bits: c.bits, value: c.network + BigInt(n) });
}

/** `network/prefix`. */
export function formatCidr(c: Cidr): string {
    return `${formatIp({ bits: c.bits, value: c.network })}/${c.prefix}`;
}
