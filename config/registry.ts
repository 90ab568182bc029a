import {
    harborSeverities,
    isAcmCertificateArn,
    isDnsName,
    HarborSeverity,
} from "../components/registry/harborValues";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/** Stack config of the Harbor registry (issue 7). */
export const registryKeys: KeySpec[] = [
    {
        key: "harbor.enabled",
        type: "boolean",
        default: false,
        description:
            "Install Harbor (private registry with Trivy scanning). Needs harbor.host and a TLS source.",
    },
    {
        key: "harbor.host",
        type: "string",
        default: "",
        description:
            "DNS name Harbor is served on, e.g. harbor.example.com; externalURL is https://<host>. Required when harbor.enabled.",
    },
    {
        key: "harbor.tlsMode",
        type: "string",
        default: "secret",
        description:
            "Where TLS ends: secret (the Ingress, with the existing Secret harbor.tlsSecretName) or alb (an AWS ALB with harbor.acmCertificateArn).",
    },
    {
        key: "harbor.tlsSecretName",
        type: "string",
        default: "harbor-tls",
        description: "Existing kubernetes.io/tls Secret in Harbor's namespace (tlsMode secret).",
    },
    {
        key: "harbor.acmCertificateArn",
        type: "string",
        default: "",
        description: "ACM certificate ARN for the ALB (tlsMode alb; required there).",
    },
    {
        key: "harbor.albScheme",
        type: "string",
        default: "internal",
        description: "ALB scheme (tlsMode alb): internal or internet-facing.",
    },
    {
        key: "harbor.albSourceCidrs",
        type: "array",
        default: [],
        description:
            "CIDRs of the ALB's subnets allowed to reach Harbor's pods (tlsMode alb; required there).",
    },
    {
        key: "harbor.ingressClassName",
        type: "string",
        default: "",
        description: "IngressClass; empty means nginx (tlsMode secret) or alb (tlsMode alb).",
    },
    {
        key: "harbor.ingressControllerNamespace",
        type: "string",
        default: "ingress-nginx",
        description: "Namespace of the ingress controller allowed to reach Harbor (tlsMode secret).",
    },
    {
        key: "harbor.s3Bucket",
        type: "string",
        default: "",
        description:
            "Store images in this new S3 bucket (SSE-KMS, public access blocked, TLS only) through an IRSA role; empty keeps them on an encrypted PVC. EKS only.",
    },
    {
        key: "harbor.vulnerabilitySeverity",
        type: "string",
        default: "high",
        description:
            "Harbor projects refuse pulls of images with a vulnerability at or above this severity: none, low, medium, high or critical.",
    },
    {
        key: "harbor.projects",
        type: "array",
        default: ["apps"],
        description:
            "Harbor projects to create (private, scan on push, cosign required, vulnerable pulls blocked), each with a pull-only robot.",
    },
    {
        key: "harbor.robotDurationDays",
        type: "integer",
        default: 90,
        description:
            "Lifetime of each project's pull robot in days (-1: never expires); it is replaced on the first `pulumi up` within 14 days of expiry.",
    },
    {
        key: "harbor.apiReachable",
        type: "boolean",
        default: false,
        description:
            "Phase 2 of Harbor: set true once https://<harbor.host>/api/v2.0 answers from where pulumi runs (ingress controller, DNS record and TLS certificate in place); only then are harbor.projects created.",
    },
];

/** Typed registry settings. */
export interface RegistrySettings {
    enabled: boolean;
    host: string;
    tlsMode: "secret" | "alb";
    tlsSecretName: string;
    acmCertificateArn: string;
    albScheme: "internal" | "internet-facing";
    albSourceCidrs: string[];
    ingressClassName?: string;
    ingressControllerNamespace: string;
    s3Bucket?: string;
    vulnerabilitySeverity: HarborSeverity;
    projects: string[];
    robotDurationDays: number;
    /** Phase 2: Harbor's API answers at https://<host>, so projects can be created. */
    apiReachable: boolean;
}

const k8sName = {
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    what: "a Kubernetes name (lower-case letters, digits and -)",
};
const optionalK8sName = {
    pattern: /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/,
    what: "a Kubernetes name (lower-case letters, digits and -) or empty",
};

/** Reads and validates the harbor.* keys; problems go to the reader (call `reader.done()` afterwards). */
export function readRegistryConfig(reader: ConfigReader): RegistrySettings {
    const enabled = reader.boolean("harbor.enabled");
    const host = reader.string("harbor.host");
    const tlsMode = reader.string("harbor.tlsMode", { oneOf: ["secret", "alb"] }) as "secret" | "alb";
    const tlsSecretName = reader.string("harbor.tlsSecretName", k8sName);
    const acmCertificateArn = reader.string("harbor.acmCertificateArn");
    const albScheme = reader.string("harbor.albScheme", { oneOf: ["internal", "internet-facing"] }) as
        "internal" | "internet-facing";
    const albSourceCidrs = reader.stringList("harbor.albSourceCidrs", {
        pattern: /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/,
        what: "an IPv4 CIDR (a.b.c.d/n)",
    });
    const ingressClassName = reader.string("harbor.ingressClassName", optionalK8sName);
    const ingressControllerNamespace = reader.string("harbor.ingressControllerNamespace", k8sName);
    const s3Bucket = reader.string("harbor.s3Bucket", {
        pattern: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$/,
        what: "an S3 bucket name (3-63 lower-case letters, digits, . and -) or empty",
    });
    const vulnerabilitySeverity = reader.string("harbor.vulnerabilitySeverity", {
        oneOf: harborSeverities,
    }) as HarborSeverity;
    const projects = reader.stringList("harbor.projects", {
        pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        what: "a Harbor project name (lower-case letters and digits, separated by . _ or -)",
    });
    const robotDurationDays = reader.integer("harbor.robotDurationDays", { min: -1 });
    const apiReachable = reader.boolean("harbor.apiReachable");
    if (robotDurationDays === 0)
        reader.problem(
            "harbor.robotDurationDays",
            "0 is not accepted; use -1 (never expires) or a positive number of days",
        );
    if (enabled) {
        if (!isDnsName(host))
            reader.problem(
                "harbor.host",
                `"${host}" is not a DNS name (e.g. harbor.example.com); required when harbor.enabled is true`,
            );
        if (tlsMode === "alb") {
            if (!isAcmCertificateArn(acmCertificateArn))
                reader.problem(
                    "harbor.acmCertificateArn",
                    `"${acmCertificateArn}" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>); tlsMode alb needs one`,
                );
            if (albSourceCidrs.length === 0)
                reader.problem(
                    "harbor.albSourceCidrs",
                    "empty; tlsMode alb needs the ALB subnets' CIDRs for Harbor's NetworkPolicy",
                );
        }
    }
    return {
        enabled,
        host,
        tlsMode,
        tlsSecretName,
        acmCertificateArn,
        albScheme,
        albSourceCidrs,
        ingressClassName: ingressClassName || undefined,
        ingressControllerNamespace,
        s3Bucket: s3Bucket || undefined,
        vulnerabilitySeverity,
        projects,
        robotDurationDays,
        apiReachable,
    };
}
