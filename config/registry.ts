import { harborProjectArgsErrors, harborProjectDefaults } from "../components/registry/harborProject";
import { harborDefaults, harborValuesErrors, HarborSeverity } from "../components/registry/harborValues";
import { ipv4Cidr } from "../components/lib/validators";
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
        default: harborProjectDefaults.severity,
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
        default: harborProjectDefaults.robotDurationDays,
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

/** Maps HarborArgs fields (validator paths) to the config keys that set them. */
export const HARBOR_CONFIG_KEYS: Record<string, string> = {
    host: "harbor.host",
    "tls.secretName": "harbor.tlsSecretName",
    "tls.acmCertificateArn": "harbor.acmCertificateArn",
    "tls.scheme": "harbor.albScheme",
    ingressClassName: "harbor.ingressClassName",
    "s3.bucketName": "harbor.s3Bucket",
};

/** Maps HarborProjectArgs fields to the config keys that set them. */
export const HARBOR_PROJECT_CONFIG_KEYS: Record<string, string> = {
    projectName: "harbor.projects",
    severity: "harbor.vulnerabilitySeverity",
    robotDurationDays: "harbor.robotDurationDays",
};

const k8sName = {
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    what: "a Kubernetes name (lower-case letters, digits and -)",
};

/** Reads and validates the harbor.* keys; problems go to the reader (call `reader.done()` afterwards). */
export function readRegistryConfig(reader: ConfigReader): RegistrySettings {
    const enabled = reader.boolean("harbor.enabled");
    const host = reader.string("harbor.host");
    const tlsMode = reader.string("harbor.tlsMode", { oneOf: ["secret", "alb"] }) as "secret" | "alb";
    const tlsSecretName = reader.string("harbor.tlsSecretName");
    const acmCertificateArn = reader.string("harbor.acmCertificateArn");
    const albScheme = reader.string("harbor.albScheme", { oneOf: ["internal", "internet-facing"] }) as
        "internal" | "internet-facing";
    const albSourceCidrs = reader.stringList("harbor.albSourceCidrs");
    const ingressClassName = reader.string("harbor.ingressClassName");
    const ingressControllerNamespace = reader.string("harbor.ingressControllerNamespace", k8sName);
    const s3Bucket = reader.string("harbor.s3Bucket");
    const vulnerabilitySeverity = reader.string("harbor.vulnerabilitySeverity") as HarborSeverity;
    const projects = reader.stringList("harbor.projects");
    const robotDurationDays = reader.integer("harbor.robotDurationDays");
    const apiReachable = reader.boolean("harbor.apiReachable");
    for (const c of albSourceCidrs) reader.check("harbor.albSourceCidrs", c, ipv4Cidr);

    // Harbor's own validator; host, TLS and S3 only matter when Harbor is on, the TLS Secret name always.
    const tls =
        tlsMode === "alb"
            ? ({ mode: "alb", acmCertificateArn, scheme: albScheme } as const)
            : ({ mode: "secret", secretName: tlsSecretName } as const);
    reader.validateWith(
        harborValuesErrors({
            host,
            tls: enabled ? tls : { mode: "secret", secretName: tlsSecretName },
            ingressClassName: ingressClassName || undefined,
            storageClass: harborDefaults.storageClass,
            // The bucket's name is checked here; its region is aws:region, checked in config/index.ts.
            s3: s3Bucket ? { bucket: s3Bucket, region: "us-east-1" } : undefined,
            monitoring: false,
        }).filter((e) => enabled || !["host"].includes(e.path)),
        HARBOR_CONFIG_KEYS,
        "HarborArgs",
    );
    // HarborProject's own validator, for every project (each problem once).
    const projectErrors = (projects.length ? projects : ["apps"]).flatMap((projectName) =>
        harborProjectArgsErrors({
            harborUrl: "https://harbor.invalid",
            password: "",
            projectName,
            severity: vulnerabilitySeverity,
            robotDurationDays,
        }),
    );
    reader.validateWith(
        projectErrors.filter(
            (e, i) => projectErrors.findIndex((x) => x.path === e.path && x.value === e.value) === i,
        ),
        HARBOR_PROJECT_CONFIG_KEYS,
        "HarborProjectArgs",
    );
    if (enabled && tlsMode === "alb" && albSourceCidrs.length === 0)
        reader.problem(
            "harbor.albSourceCidrs",
            "empty; tlsMode alb needs the ALB subnets' CIDRs for Harbor's NetworkPolicy",
        );
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
