import { PolicyCases, res } from "../case";
import { sg } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "security-group-no-public-ingress",
    pass: [
        {
            name: "inline ingress from a private CIDR",
            resources: sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }]),
        },
        {
            name: "config `allowedPublicPorts`",
            resources: sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]),
            config: { allowedPublicPorts: [443] },
        },
        {
            name: "a SecurityGroupRule for egress",
            resources: res("aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "egress",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        },
        {
            name: "a SecurityGroupIngressRule from a private CIDR",
            resources: res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "10.0.0.0/16",
            }),
        },
    ],
    fail: [
        {
            name: "inline SSH from anywhere",
            resources: sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]),
            message: /port 22/,
        },
        {
            name: "inline all ports from any IPv6 address",
            resources: sg([{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }]),
            message: /all ports/,
        },
        {
            name: "a range around an allowed port",
            resources: sg([{ protocol: "tcp", fromPort: 440, toPort: 450, cidrBlocks: ["0.0.0.0/0"] }]),
            config: { allowedPublicPorts: [443] },
            message: "440",
            count: 1,
        },
        {
            name: "a SecurityGroupRule for ingress from anywhere",
            resources: res("aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "ingress",
                protocol: "tcp",
                fromPort: 80,
                toPort: 80,
                cidrBlocks: ["0.0.0.0/0"],
            }),
            message: "port 80",
            count: 1,
        },
        {
            name: "a SecurityGroupIngressRule from ::/0",
            resources: res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv6: "::/0",
            }),
            message: "::/0",
            count: 1,
        },
    ],
};
