/**
 * No security group admits the whole internet (0.0.0.0/0 or ::/0), except on ports the config allows
 * (default: none). Covers inline ingress blocks, aws.ec2.SecurityGroupRule and aws.vpc.SecurityGroupIngressRule.
 */
import { Finding, PolicyResource, ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { COMPUTED, isOpenCidr, strings, who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

interface Rule {
    where: string;
    cidrs: string[];
    protocol: string | undefined;
    from: number | undefined;
    to: number | undefined;
}

/** The port range a rule opens; all ports for protocol -1/all or a missing range. */
function range(rule: Rule): [number, number] {
    if (
        rule.protocol === "-1" ||
        rule.protocol === "all" ||
        rule.from === undefined ||
        rule.to === undefined ||
        rule.from < 0
    )
        return [0, 65535];
    return [rule.from, Math.max(rule.from, rule.to)];
}

const num = (read: () => unknown) =>
    known(() => {
        const v = read();
        return v === undefined || v === null ? undefined : Number(v);
    }, Number.NaN);
const str = (read: () => unknown) =>
    known(() => (read() === undefined ? undefined : String(read())), COMPUTED);

function rulesOf(r: PolicyResource): Rule[] {
    const p = r.props;
    const listed = (read: () => unknown) => {
        const v = strings(read);
        return v === COMPUTED || v === undefined ? [] : v;
    };
    if (r.type === "aws:ec2/securityGroup:SecurityGroup") {
        const ingress = known(() => (Array.isArray(p.ingress) ? [...p.ingress] : []), [] as unknown[]);
        return ingress.map((x, i) => {
            const g = x as Record<string, unknown>;
            return {
                where: `ingress[${i}]`,
                cidrs: [...listed(() => g.cidrBlocks), ...listed(() => g.ipv6CidrBlocks)],
                protocol: str(() => g.protocol),
                from: num(() => g.fromPort),
                to: num(() => g.toPort),
            };
        });
    }
    if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        if (known(() => p.type as string, "ingress") !== "ingress") return [];
        return [
            {
                where: "rule",
                cidrs: [...listed(() => p.cidrBlocks), ...listed(() => p.ipv6CidrBlocks)],
                protocol: str(() => p.protocol),
                from: num(() => p.fromPort),
                to: num(() => p.toPort),
            },
        ];
    }
    return [
        {
            where: "rule",
            cidrs: [...listed(() => p.cidrIpv4), ...listed(() => p.cidrIpv6)],
            protocol: str(() => p.ipProtocol),
            from: num(() => p.fromPort),
            to: num(() => p.toPort),
        },
    ];
}

export const securityGroupNoPublicIngress: ResourcePolicy = {
    kind: "resource",
    name: "security-group-no-public-ingress",
    since: "0.1.0",
    description:
        "Security groups admit no ingress from 0.0.0.0/0 or ::/0, except on ports listed in config `allowedPublicPorts` (default none).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Restrict the source to known CIDRs or security groups. For a deliberate public entry point (e.g. 443 on " +
        "an internet-facing ALB) add the port to `allowedPublicPorts`, or exempt that one security group with a reason.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: {
        cisEks: ["5.4.1"],
        nsa: "Network separation: restrict ingress",
        brief: ["F4", "C1", "C2", "Q8"],
    },
    configSchema: {
        allowedPublicPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            uniqueItems: true,
            default: [],
            description: "Ports that may be open to the internet.",
        },
    },
    types: [
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    ],
    check(r, config) {
        const allowed = new Set<number>(config.allowedPublicPorts ?? []);
        const out: Finding[] = [];
        for (const rule of rulesOf(r)) {
            const open = rule.cidrs.filter(isOpenCidr);
            if (
                !open.length ||
                rule.protocol === COMPUTED ||
                Number.isNaN(rule.from) ||
                Number.isNaN(rule.to)
            )
                continue;
            const [from, to] = range(rule);
            let covered = 0;
            for (const p of allowed) if (p >= from && p <= to) covered++;
            if (covered === to - from + 1) continue;
            const ports =
                from === to
                    ? `port ${from}`
                    : from === 0 && to === 65535
                      ? "all ports"
                      : `ports ${from}-${to}`;
            out.push({ message: `${who(r)} ${rule.where} admits ${open.join(", ")} on ${ports}.` });
        }
        return out;
    },
};
