/** The subnet plan of the VPC HardenedCluster creates. CIDR parsing and arithmetic are lib/cidr.ts's. Pure. */
import { Cidr, formatCidr, parseCidr } from "../../lib/cidr";

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
    if (typeof parsed === "string" || parsed.family !== 4) throw new Error(`bad VPC CIDR ${vpcCidr}`);
    if (azCount < 1 || azCount > MAX_AZS) throw new Error(`azCount must be 1-${MAX_AZS}`);
    const block = (network: bigint, prefix: number): Cidr => ({ ...parsed, network, prefix });
    const privPrefix = parsed.prefix + 3;
    const privSize = 1n << BigInt(32 - privPrefix);
    const pubPrefix = parsed.prefix + 6;
    const pubSize = 1n << BigInt(32 - pubPrefix);
    const lastBlock = parsed.network + 7n * privSize;
    const range = Array.from({ length: azCount }, (_, i) => BigInt(i));
    return {
        private: range.map((i) => formatCidr(block(parsed.network + i * privSize, privPrefix))),
        public: range.map((i) => formatCidr(block(lastBlock + i * pubSize, pubPrefix))),
    };
}
