/**
 * Images come only from approved registries (CIS EKS 5.1.4): the private registry (Harbor/ECR) and the few
 * upstream publishers the platform trusts. The name and the `registries` property are fixed: users configure them.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../lib/unknowns";
import { parseImage, registryMatcher } from "./images";
import { POD_TYPES, containersOf, label, podOf } from "./pod";

/**
 * Default allow-list: the publishers whose images the blueprint itself runs outside Helm charts. Set `registries`
 * to your own registry (e.g. `harbor.example.com`, `*.dkr.ecr.*.amazonaws.com`) in production.
 */
export const defaultRegistries = [
    "registry.k8s.io",
    "public.ecr.aws/eks",
    "public.ecr.aws/eks-distro",
    "docker.io/aquasec",
    "ghcr.io/aquasecurity",
    "docker.io/falcosecurity",
    "docker.io/hashicorp",
    "docker.io/goharbor",
    "quay.io/prometheus",
    "quay.io/prometheus-operator",
    "docker.io/grafana",
];

export const allowedImageRegistries: ResourcePolicy = {
    kind: "resource",
    name: "allowed-image-registries",
    description: "Every container image comes from an approved registry (config `registries`).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Pull the image through an approved registry (mirror it into Harbor/ECR), or add the registry or " +
        "`host/namespace` prefix to the policy config `registries` after review.",
    frameworks: {
        cisEks: ["5.1.4"],
        nsa: "Use trusted, scanned images from a private registry",
        brief: ["F1", "C6", "C7", "Q2"],
    },
    configSchema: {
        registries: {
            type: "array",
            items: { type: "string", minLength: 1, pattern: "^\\S+$" },
            default: defaultRegistries,
            description:
                "Approved registries: a host (`registry.k8s.io`) or host/repository prefix (`docker.io/aquasec`), " +
                "matched at a path boundary; `*` matches within one segment (`*.dkr.ecr.*.amazonaws.com`).",
        },
    },
    types: POD_TYPES,
    check(r, config) {
        const pod = podOf(r);
        if (!pod) return [];
        const registries: string[] = config.registries ?? defaultRegistries;
        const matchers = registries.map(registryMatcher);
        const out = [];
        for (const { path, container } of containersOf(pod)) {
            const image = known(() => container.image as string | undefined, "(computed)");
            if (image === "(computed)") continue;
            if (!image) {
                out.push({ message: `${label(pod)} ${path} has no image.` });
                continue;
            }
            const ref = parseImage(image);
            if (!ref) out.push({ message: `${label(pod)} ${path} has a malformed image reference "${image}".` });
            else if (!matchers.some((m) => m(ref)))
                out.push({
                    message:
                        `${label(pod)} ${path} uses image "${image}" from ${ref.domain}/${ref.path}, which is not in ` +
                        `the approved registries [${registries.join(", ")}].`,
                });
        }
        return out;
    },
};
