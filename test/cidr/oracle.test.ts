/**
 * lib/cidr.ts against a real oracle: Node's own `net.isIPv4`/`net.isIPv6` (which text is an address),
 * `net.BlockList` (which address lies in which subnet) and the WHATWG URL serializer (RFC 5952 text of an IPv6
 * address), over thousands of generated IPv4 and IPv6 cases from a fixed seed (a failure names the case and
 * reproduces). The generator writes addresses in every form the parser must read: full, compressed at each zero
 * run, upper case, with an embedded IPv4 tail, and near misses.
 */
import * as net from "net";
import {
    Cidr,
    cidrContains,
    cidrOf,
    cidrsOverlap,
    cidrWithin,
    formatCidr,
    formatIp,
    nthAddress,
    parseCidr,
    parseIp,
} from "../../lib/cidr";
import { fuzz } from "../lib/fuzz";

/** mulberry32: a small deterministic PRNG, so every run checks the same cases. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const rnd = prng(19);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

/** A random address, biased towards zero runs and edge values, as the real world writes them. */
function randomAddr(bits: 32 | 128): bigint {
    let v = 0n;
    for (let i = 0; i < bits / 16; i++) {
        const r = rnd();
        const g = r < 0.35 ? 0 : r < 0.45 ? 0xffff : r < 0.55 ? int(16) : int(0x10000);
        v = (v << 16n) | BigInt(g);
    }
    return v;
}

/** Independent of lib/cidr: the simplest correct text of an address (dotted quad, or eight full hex groups). */
function plainText(bits: 32 | 128, v: bigint): string {
    if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
    return Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(
        ":",
    );
}

/** Other ways to write the same IPv6 address: compressed at a zero run, upper case, embedded IPv4 tail. */
function v6Variants(v: bigint): string[] {
    const g = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
    const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
    const out = [hex(g), hex(g).toUpperCase(), g.map((x) => x.toString(16).padStart(4, "0")).join(":")];
    for (let i = 0; i < 8; i++)
        for (let j = i + 1; j <= 8; j++)
            if (g.slice(i, j).every((x) => x === 0)) out.push(`${hex(g.slice(0, i))}::${hex(g.slice(j))}`);
    const tail = `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
    out.push(`${hex(g.slice(0, 6))}:${tail}`);
    return out;
}

/** Near misses: a character changed, added or removed, or a group too many. */
function mutate(s: string): string {
    const chars = [..."0123456789abcdefABCDEFg:./% -"];
    const i = int(s.length + 1);
    switch (int(5)) {
        case 0:
            return s.slice(0, i) + pick(chars) + s.slice(i + 1);
        case 1:
            return s.slice(0, i) + pick(chars) + s.slice(i);
        case 2:
            return s.slice(0, i) + s.slice(i + 1);
        case 3:
            return s.includes(":") ? `${s}:1` : `${s}.1`;
        default:
            return s.replace(/\b(\d)/, "0$1");
    }
}

// npm test: 1,000 (300 already fail with each break listed in docs/testing.md); the e2e suite: 10,000.
const N = fuzz(1000, 10000);

describe("lib/cidr against Node's net and URL", () => {
    test("every generated address, in every form, parses to its value; net.isIP agrees", () => {
        for (let k = 0; k < N; k++) {
            const bits = k % 2 === 0 ? 32 : 128;
            const v = randomAddr(bits);
            const forms = bits === 32 ? [plainText(32, v)] : v6Variants(v);
            for (const text of forms) {
                expect({ text, ok: net.isIP(text) === (bits === 32 ? 4 : 6) }).toEqual({
                    text,
                    ok: true,
                });
                expect({ text, value: parseIp(text)?.value }).toEqual({ text, value: v });
            }
        }
    });

    test("near misses: parseIp accepts exactly what net.isIP accepts", () => {
        let rejected = 0;
        for (let k = 0; k < N * 3; k++) {
            const bits = k % 2 === 0 ? 32 : 128;
            const base = pick(bits === 32 ? [plainText(32, randomAddr(32))] : v6Variants(randomAddr(128)));
            const s = mutate(base);
            if (s.includes("%")) continue; // zone ids: Node accepts them as addresses, a CIDR never carries one
            const oracle = net.isIP(s) !== 0;
            expect({ s, ours: parseIp(s) !== undefined }).toEqual({ s, ours: oracle });
            if (!oracle) rejected++;
        }
        expect(rejected).toBeGreaterThan(N); // the generator really produced invalid text
    });

    test("formatIp writes what the URL serializer writes (RFC 5952)", () => {
        for (let k = 0; k < N; k++) {
            const bits = k % 2 === 0 ? 32 : 128;
            const v = randomAddr(bits);
            const host = new URL(`http://${bits === 32 ? plainText(32, v) : `[${plainText(128, v)}]`}/`)
                .hostname;
            expect(bits === 32 ? formatIp({ bits, value: v }) : `[${formatIp({ bits, value: v })}]`).toBe(
                host,
            );
        }
    });

    test("containment agrees with net.BlockList, at the subnet's edges and inside and outside", () => {
        for (let k = 0; k < N; k++) {
            const bits = k % 2 === 0 ? 32 : 128;
            const family = bits === 32 ? "ipv4" : "ipv6";
            const prefix = int(bits + 1);
            const c = cidrOf(`${plainText(bits, randomAddr(bits))}/${prefix}`)!;
            const list = new net.BlockList();
            list.addSubnet(plainText(bits, c.network), prefix, family);
            const size = 1n << BigInt(bits - prefix);
            const max = (1n << BigInt(bits)) - 1n;
            const probes = [
                c.network,
                c.network + size - 1n,
                c.network - 1n,
                c.network + size,
                c.network + (randomAddr(bits) % size),
                randomAddr(bits),
            ].filter((p) => p >= 0n && p <= max);
            for (const p of probes) {
                const ip = plainText(bits, p);
                expect({ cidr: formatCidr(c), ip, in: cidrContains(c, ip) }).toEqual({
                    cidr: formatCidr(c),
                    ip,
                    in: list.check(ip, family),
                });
            }
        }
    });

    test("cidrWithin and cidrsOverlap agree with net.BlockList on both ends of the inner block", () => {
        for (let k = 0; k < N; k++) {
            const bits = k % 2 === 0 ? 32 : 128;
            const family = bits === 32 ? "ipv4" : "ipv6";
            const outer = cidrOf(`${plainText(bits, randomAddr(bits))}/${int(bits + 1)}`)!;
            // Half the inner blocks start inside the outer one, so both answers occur.
            const start =
                rnd() < 0.5
                    ? outer.network + (randomAddr(bits) % (1n << BigInt(bits - outer.prefix)))
                    : randomAddr(bits);
            const inner = cidrOf(`${plainText(bits, start)}/${int(bits + 1)}`)!;
            const list = new net.BlockList();
            list.addSubnet(plainText(bits, outer.network), outer.prefix, family);
            const last = (x: Cidr) => x.network + (1n << BigInt(bits - x.prefix)) - 1n;
            const within =
                list.check(plainText(bits, inner.network), family) &&
                list.check(plainText(bits, last(inner)), family);
            expect({
                inner: formatCidr(inner),
                outer: formatCidr(outer),
                within: cidrWithin(inner, outer),
            }).toEqual({
                inner: formatCidr(inner),
                outer: formatCidr(outer),
                within,
            });
            const innerList = new net.BlockList();
            innerList.addSubnet(plainText(bits, inner.network), inner.prefix, family);
            const overlap = within || innerList.check(plainText(bits, outer.network), family);
            expect(cidrsOverlap(inner, outer)).toBe(overlap);
        }
    });

    test("parseCidr refuses host bits and suggests the network BlockList puts the address in; mask clears them", () => {
        for (let k = 0; k < N; k++) {
            const bits = k % 2 === 0 ? 32 : 128;
            const family = bits === 32 ? "ipv4" : "ipv6";
            const v = randomAddr(bits);
            const prefix = int(bits + 1);
            const text = `${plainText(bits, v)}/${prefix}`;
            const strict = parseCidr(text);
            const masked = parseCidr(text, "mask");
            if (typeof masked === "string") throw new Error(`${text}: ${masked}`);
            const list = new net.BlockList();
            list.addSubnet(plainText(bits, v), prefix, family);
            // The masked network is in the subnet and is its lowest address.
            expect(list.check(plainText(bits, masked.network), family)).toBe(true);
            if (masked.network > 0n)
                expect(list.check(plainText(bits, masked.network - 1n), family)).toBe(false);
            if (masked.network === v) expect(strict).toEqual(masked);
            else expect(strict).toBe(`host bits are set (did you mean ${formatCidr(masked)}?)`);
            expect(nthAddress(masked, 0)).toBe(formatIp({ bits, value: masked.network }));
        }
    });

    test("the config-validation texts", () => {
        expect(parseCidr("10.0.0.0")).toBe("not a CIDR (expected address/prefix, e.g. 203.0.113.10/32)");
        expect(parseCidr(" 10.0.0.0/16")).toBe("not a CIDR (expected address/prefix, e.g. 203.0.113.10/32)");
        expect(parseCidr("10.0.0.0/33")).toBe("IPv4 prefix must be 0-32");
        expect(parseCidr("2001:db8::/129")).toBe("IPv6 prefix must be 0-128");
        expect(parseCidr("010.0.0.0/8")).toBe("not a valid IPv4 or IPv6 address");
        expect(parseCidr("10.0.0.1/16")).toBe("host bits are set (did you mean 10.0.0.0/16?)");
        expect(parseCidr("2001:db8::1/32")).toBe("host bits are set (did you mean 2001:db8::/32?)");
        expect(parseCidr("2001:db8::/32")).toEqual({
            family: 6,
            bits: 128,
            network: 0x20010db8n << 96n,
            prefix: 32,
        });
    });
});
