import * as aws from "../lib/aws";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets } from "./cidr";

/** Arguments of {@link ClusterNetwork}. Validated by HardenedCluster's validator before construction. */
export interface ClusterNetworkArgs {
    /** Cluster name, used in Name tags. */
    clusterName: string;
    /** IPv4 CIDR of the VPC (/16 to /20). */
    vpcCidr: string;
    /** Number of AZs (2-6). */
    availabilityZoneCount: number;
    /** Explicit AZ names; default: the first `availabilityZoneCount` available AZs of the region. */
    availabilityZones?: string[];
    /** One NAT gateway in the first AZ instead of one per AZ. */
    singleNatGateway: boolean;
    /** Tags for every resource. */
    tags: Record<string, string>;
}

/**
 * The cluster VPC: private subnets (nodes, control-plane ENIs, internal load balancers) and small public subnets
 * that hold only NAT gateways and internet-facing load balancers. No subnet assigns public IPs on launch, and the
 * VPC's default security group is emptied (no rules), so nothing can use it by accident.
 */
export class ClusterNetwork extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidr: string;
    public readonly privateSubnetIds: pulumi.Output<string>[];
    public readonly publicSubnetIds: pulumi.Output<string>[];
    /** Private routes and route-table associations: nodes need them (egress to ECR/EKS) before they can join. */
    public readonly egressReady: pulumi.Resource[];

    constructor(name: string, args: ClusterNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("blueprint:cluster:ClusterNetwork", name, {}, opts);
        const parent = { parent: this };
        const n = args.availabilityZoneCount;
        const plan = planSubnets(args.vpcCidr, n);
        const zones: pulumi.Input<string>[] = args.availabilityZones
            ? args.availabilityZones
            : (() => {
                  const azs = aws.getAvailabilityZonesOutput(
                      {
                          state: "available",
                          filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
                      },
                      parent,
                  );
                  return plan.private.map((_, i) => azs.names.apply((names) => names[i]));
              })();
        const tags = (extra: Record<string, string>) => ({ ...args.tags, ...extra });

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.vpcCidr,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: tags({ Name: `${args.clusterName}-vpc` }),
            },
            parent,
        );
        this.vpcId = vpc.id;
        this.vpcCidr = args.vpcCidr;
        // Adopts the default SG and removes all its rules (CIS AWS 5.4).
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: vpc.id, tags: tags({ Name: `${args.clusterName}-default-locked` }) },
            parent,
        );

        const igw = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: vpc.id, tags: tags({ Name: `${args.clusterName}-igw` }) },
            parent,
        );
        const publicRt = new aws.ec2.RouteTable(
            `${name}-public`,
            { vpcId: vpc.id, tags: tags({ Name: `${args.clusterName}-public` }) },
            parent,
        );
        const publicDefault = new aws.ec2.Route(
            `${name}-public-default`,
            { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
            parent,
        );

        const publicSubnets = plan.public.map(
            (cidr, i) =>
                new aws.ec2.Subnet(
                    `${name}-public-${i}`,
                    {
                        vpcId: vpc.id,
                        cidrBlock: cidr,
                        availabilityZone: zones[i],
                        mapPublicIpOnLaunch: false,
                        tags: tags({
                            Name: `${args.clusterName}-public-${i}`,
                            "kubernetes.io/role/elb": "1",
                        }),
                    },
                    parent,
                ),
        );
        publicSubnets.forEach(
            (s, i) =>
                new aws.ec2.RouteTableAssociation(
                    `${name}-public-${i}`,
                    { subnetId: s.id, routeTableId: publicRt.id },
                    parent,
                ),
        );

        const natCount = args.singleNatGateway ? 1 : n;
        const nats = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(
                `${name}-nat-${i}`,
                { domain: "vpc", tags: tags({ Name: `${args.clusterName}-nat-${i}` }) },
                parent,
            );
            // A NAT gateway needs the internet gateway attached and routed first (real dependency, not implied by inputs).
            return new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                {
                    allocationId: eip.id,
                    subnetId: publicSubnets[i].id,
                    tags: tags({ Name: `${args.clusterName}-nat-${i}` }),
                },
                { parent: this, dependsOn: [publicDefault] },
            );
        });

        const privateSubnets = plan.private.map(
            (cidr, i) =>
                new aws.ec2.Subnet(
                    `${name}-private-${i}`,
                    {
                        vpcId: vpc.id,
                        cidrBlock: cidr,
                        availabilityZone: zones[i],
                        mapPublicIpOnLaunch: false,
                        tags: tags({
                            Name: `${args.clusterName}-private-${i}`,
                            "kubernetes.io/role/internal-elb": "1",
                        }),
                    },
                    parent,
                ),
        );
        this.egressReady = [];
        privateSubnets.forEach((s, i) => {
            const rt = new aws.ec2.RouteTable(
                `${name}-private-${i}`,
                { vpcId: vpc.id, tags: tags({ Name: `${args.clusterName}-private-${i}` }) },
                parent,
            );
            const route = new aws.ec2.Route(
                `${name}-private-${i}-default`,
                {
                    routeTableId: rt.id,
                    destinationCidrBlock: "0.0.0.0/0",
                    natGatewayId: nats[args.singleNatGateway ? 0 : i].id,
                },
                parent,
            );
            const assoc = new aws.ec2.RouteTableAssociation(
                `${name}-private-${i}`,
                { subnetId: s.id, routeTableId: rt.id },
                parent,
            );
            this.egressReady.push(route, assoc);
        });

        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
        });
    }
}
