/**
 * The cluster's Service CIDR (EKS `kubernetesNetworkConfig.serviceIpv4Cidr`) and the address of the `kubernetes`
 * API Service in it. Pods reach the API server through that ClusterIP; the VPC CNI evaluates a pod's egress
 * NetworkPolicy before kube-proxy translates the ClusterIP, so egress must allow the ClusterIP itself (and, after
 * translation, the control-plane ENIs in the VPC). Pure.
 */
import { Cidr, cidrsOverlap, cidrWithin, nthAddress, parseCidr } from "../../lib/cidr";
import { CLUSTER_DEFAULTS } from "./defaults";

/** EKS's own choice for a VPC in 10.0.0.0/8; set explicitly so the NetworkPolicies can name the API Service. */
export const DEFAULT_SERVICE_CIDR: string = CLUSTER_DEFAULTS.serviceCidr;

/** The private blocks EKS accepts a Service CIDR in. */
const PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

function v4(cidr: string): Cidr | undefined {
    const p = parseCidr(cidr);
    return typeof p === "string" || p.family !== 4 ? undefined : p;
}

/**
 * Problems with a Service CIDR, as EKS checks them (CreateCluster): IPv4, no host bits, /12 to /24, inside
 * 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, and not overlapping the VPC (`vpcCidr`, when known). With
 * `eks: false` (a cluster someone else made) only the form and the overlap are checked.
 */
export function serviceCidrProblems(cidr: string, vpcCidr?: string, opts: { eks?: boolean } = {}): string[] {
    const p = parseCidr(cidr);
    if (typeof p === "string") return [`"${cidr}" is malformed: ${p}`];
    const c = v4(cidr);
    if (!c) return [`"${cidr}" is not accepted; use an IPv4 CIDR such as ${DEFAULT_SERVICE_CIDR}`];
    const out: string[] = [];
    const eks = opts.eks ?? true;
    if (eks && (c.prefix < 12 || c.prefix > 24))
        out.push(`"${cidr}" is not accepted; use a prefix from /12 to /24 (e.g. ${DEFAULT_SERVICE_CIDR})`);
    if (eks && !PRIVATE_BLOCKS.some((b) => cidrWithin(c, v4(b)!)))
        out.push(`"${cidr}" is not inside ${PRIVATE_BLOCKS.join(", ")}, which EKS requires`);
    const vpc = vpcCidr ? v4(vpcCidr) : undefined;
    if (vpc && cidrsOverlap(c, vpc)) {
        const alt = [DEFAULT_SERVICE_CIDR, "10.100.0.0/16", "192.168.128.0/20"].find(
            (x) => !cidrsOverlap(v4(x)!, vpc),
        );
        out.push(`"${cidr}" overlaps the VPC CIDR ${vpcCidr}; pick a range outside it (e.g. ${alt})`);
    }
    return out;
}

/** The ClusterIP of the `kubernetes` API Service: the first usable address of the Service CIDR (172.20.0.1). */
export function apiServiceIp(serviceCidr: string): string {
    const c = v4(serviceCidr);
    if (!c) throw new Error(`apiServiceIp: "${serviceCidr}" is not an IPv4 CIDR`);
    return nthAddress(c, 1);
}
