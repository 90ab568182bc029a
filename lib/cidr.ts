/** IPv4 and IPv6 CIDR arithmetic for NetworkPolicy ipBlocks. */

/** An address as a BigInt plus its family's width. */
interface Addr {
    bits: 32 | 128;
    value: bigint;
}

function parseV4(s: string): bigint | undefined {
    const parts = s.split(".");
    if (parts.length !== 4) return undefined;
    let v = 0n;
    for (const p of parts) {
        if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
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
    // An embedded IPv4 tail counts as two groups.
    const expand = (gs: string[]): string[] | undefined => {
        const out: string[] = [];
        for (const g of gs) {
            if (g.includes(".")) {
                const v4 = parseV4(g);
                if (v4 === undefined) return undefined;
                out.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
            } else out.push(g);
        }
        return out;
    };
    const h = expand(head);
    const t = expand(tail);
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

/** A parsed CIDR: network, prefix length and family. */
export interface Cidr {
    bits: 32 | 128;
    network: bigint;
    prefix: number;
}

/** Parses "a.b.c.d/n" or an IPv6 CIDR; undefined when invalid. */
export function parseCidr(s: string): Cidr | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
    if (!m) return undefined;
    const a = parseIp(m[1]);
    const prefix = Number(m[2]);
    if (!a || prefix > a.bits) return undefined;
    const shift = BigInt(a.bits - prefix);
    return { bits: a.bits, network: (a.value >> shift) << shift, prefix };
}

/** True when address `ip` lies in `cidr` (same family only). */
export function cidrContains(cidr: string | Cidr, ip: string): boolean {
    const c = typeof cidr === "string" ? parseCidr(cidr) : cidr;
    const a = parseIp(ip);
    if (!c || !a || c.bits !== a.bits) return false;
    const shift = BigInt(c.bits - c.prefix);
    return a.value >> shift === c.network >> shift;
}
