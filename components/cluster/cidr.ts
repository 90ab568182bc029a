/** Pure CIDR helpers: parsing for validation, and the subnet plan of the VPC HardenedCluster creates. */
import { isIPv4, isIPv6 } from "net";

export interface ParsedCidr {
    family: 4 | 6;
    prefix: number;
    /** IPv4 only: the network address as an unsigned 32-bit integer. */
    base?: number;
}

function ipv4ToInt(ip: string): number {
    return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIpv4(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/**
 * Parses `a.b.c.d/p` or an IPv6 CIDR. Returns an error text instead when it is malformed or has host bits set
 * (AWS rejects `10.0.0.1/16`-style CIDRs).
 */
export function parseCidr(cidr: string): ParsedCidr | string {
    const m = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr);
    if (!m) return "not a CIDR (expected address/prefix, e.g. 203.0.113.10/32)";
    const [, addr, p] = m;
    const prefix = Number(p);
    if (isIPv4(addr)) {
        if (prefix > 32) return "IPv4 prefix must be 0-32";
        const ip = ipv4ToInt(addr);
        const size = 2 ** (32 - prefix);
        if (ip % size !== 0)
            return `host bits are set (did you mean ${intToIpv4(ip - (ip % size))}/${prefix}?)`;
        return { family: 4, prefix, base: ip };
    }
    if (isIPv6(addr)) {
        if (prefix > 128) return "IPv6 prefix must be 0-128";
        return { family: 6, prefix };
    }
    return "not a valid IPv4 or IPv6 address";
}

/** The subnet CIDRs of the created VPC, one private and one public subnet per AZ. */
export interface SubnetPlan {
    /** Large subnets for nodes and pods (the VPC CNI gives each pod a VPC address): 1/8 of the VPC each. */
    private: string[];
    /** Small subnets for NAT gateways and internet-facing load balancers only: 1/64 of the VPC each. */
    public: string[];
}

/** Accepted VPC prefix lengths: /16 gives /19 private and /22 public subnets; /20 gives /23 and /26. */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;
/** At most 6 AZs: private subnets take blocks 0-5 of 8, public subnets share block 7. */
export const MAX_AZS = 6;

/**
 * Carves `vpcCidr` into `azCount` private subnets (blocks 0..n-1 of eight equal blocks) and `azCount` public
 * subnets (the first n eighths of the last block). Block 6 is left free for later growth (e.g. an intra subnet).
 * Throws on input the validator rejects.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
    const parsed = parseCidr(vpcCidr);
    if (typeof parsed === "string" || parsed.family !== 4 || parsed.base === undefined)
        throw new Error(`bad VPC CIDR ${vpcCidr}`);
    if (azCount < 1 || azCount > MAX_AZS) throw new Error(`azCount must be 1-${MAX_AZS}`);
    const base = parsed.base;
    const privPrefix = parsed.prefix + 3;
    const privSize = 2 ** (32 - privPrefix);
    const pubPrefix = parsed.prefix + 6;
    const pubSize = 2 ** (32 - pubPrefix);
    const lastBlock = base + 7 * privSize;
    const range = Array.from({ length: azCount }, (_, i) => i);
    return {
        private: range.map((i) => `${intToIpv4(base + i * privSize)}/${privPrefix}`),
        public: range.map((i) => `${intToIpv4(lastBlock + i * pubSize)}/${pubPrefix}`),
    };
}
