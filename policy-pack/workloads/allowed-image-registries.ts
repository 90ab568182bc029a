/**
 * Images come only from approved registries (CIS EKS 5.1.4): the private registry (Harbor/ECR) and the few
 * upstream publishers the platform trusts. The name and the `registries` property are fixed: users configure them.
 *
 * Two allow-lists, chosen by the tier of the workload's namespace (label `blueprint.io/tier`, set by
 * SecureNamespace):
 * - app-tier namespaces (a Namespace of this stack labelled `blueprint.io/tier=app`) accept only `appRegistries`;
 *   when that is empty, only the Harbor host of the stack config (`harbor.host`, when `harbor.enabled`), so teams'
 *   images go through Harbor's scan-on-push and signature checks; without Harbor, `registries`;
 * - every other workload (platform namespaces, namespaces not in the stack, a namespace unknown during preview)
 *   accepts `registries`.
 * A namespace of the stack whose labels are unknown during preview accepts either list: an unknown value never
 * causes a violation by itself.
 *
 * A stack policy, because the tier lives on the Namespace. The tier index is built once (O(n)) and the allow-lists
 * are compiled once per distinct config and cached.
 */
import { PackStackConfig, stackConfig } from "../lib/stack-config";
import { Finding, PolicyConfig, StackPolicy } from "../lib/types";
import { knownField } from "../../lib/unknowns";
import { parseImage, registryList } from "./images";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { TIER_LABEL, podTier, tierIndex } from "./tiers";
import { celAppTier, imageRefVariables } from "./admission";
import { registryListPattern } from "./images";

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

/** The allow-list of app-tier namespaces and where it came from (for messages). */
export function appAllowList(
    config: PolicyConfig,
    stack: PackStackConfig,
): { entries: string[]; source: "appRegistries" | "harbor.host" | "registries" } {
    const app: string[] = config.appRegistries ?? [];
    if (app.length) return { entries: app, source: "appRegistries" };
    if (stack.harborHost) return { entries: [stack.harborHost], source: "harbor.host" };
    return { entries: config.registries ?? defaultRegistries, source: "registries" };
}

const podTypes = new Set(POD_TYPES);

/** Builds the policy for a given view of the stack config (tests inject one; the pack uses the process's). */
export function makeAllowedImageRegistries(stack: PackStackConfig): StackPolicy {
    return {
        kind: "stack",
        name: "allowed-image-registries",
        since: "0.1.0",
        description:
            `Every container image comes from an approved registry: \`registries\` everywhere, and in app-tier ` +
            `namespaces (\`${TIER_LABEL}: app\`) only \`appRegistries\`, defaulting to the stack's Harbor host.`,
        enforcementLevel: "mandatory",
        severity: "high",
        remediation:
            "Push the image to Harbor (or mirror it through a Harbor proxy-cache project) and reference it there. In " +
            "platform namespaces, add a reviewed registry or `host/namespace` prefix to `registries`; for app " +
            "namespaces, set `appRegistries` (by default only the stack's `harbor.host` is accepted when Harbor is on).",
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
                    "Approved registries for every namespace that is not app-tier: a host (`registry.k8s.io`) or " +
                    "host/repository prefix (`docker.io/aquasec`), matched at a path boundary; `*` matches within " +
                    "one segment (`*.dkr.ecr.*.amazonaws.com`).",
            },
            appRegistries: {
                type: "array",
                items: { type: "string", minLength: 1, pattern: "^\\S+$" },
                default: [],
                description:
                    `Approved registries for app-tier namespaces (a Namespace of the stack labelled ${TIER_LABEL}=app), ` +
                    "same syntax as `registries`. Empty: the stack's Harbor host (config harbor.host, when " +
                    "harbor.enabled is true), else `registries`.",
            },
        },
        // The allow-lists are params (a ConfigMap the generator writes from this policy's config and the stack's
        // harbor.host): `registries` and `appRegistries` hold one RE2 expression each over `domain/path`, the
        // `*-entries` keys the lists as written.
        admission: {
            match: "pods",
            params: (config) => {
                const registries: string[] = config.registries ?? defaultRegistries;
                const app = appAllowList(config, stack);
                return {
                    registries: registryListPattern(registries),
                    appRegistries: registryListPattern(app.entries),
                    "registries-entries": registries.join("\n"),
                    "appRegistries-entries": app.entries.join("\n"),
                    "appRegistries-source": app.source,
                };
            },
            variables: [
                ...imageRefVariables,
                {
                    name: "allow",
                    expression: `${celAppTier} ? params.data.appRegistries : params.data.registries`,
                },
                {
                    name: "bad",
                    expression:
                        "variables.refs.filter(x, x.ok != 'y' || !x.r.matches(variables.allow))" +
                        ".map(x, x.c + (x.i == '' ? ' (no image)' : x.ok != 'y' ? ' (malformed \"' + x.i + '\")' : " +
                        "' (\"' + x.i + '\" from ' + x.r + ')'))",
                },
            ],
            validations: [
                {
                    expression: "size(variables.bad) == 0",
                    messageExpression:
                        "variables.label + ' containers ' + variables.bad.join(', ') + ' do not use an image from ' + " +
                        `(${celAppTier} ? 'the registries of app-tier namespaces [' + ` +
                        "params.data['appRegistries-entries'].split('\\n').join(', ') + ']' : 'the approved registries [' + " +
                        "params.data['registries-entries'].split('\\n').join(', ') + ']') + '.'",
                },
            ],
        },
        check(resources, config) {
            const registries: string[] = config.registries ?? defaultRegistries;
            const everywhere = registryList(registries);
            const app = appAllowList(config, stack);
            const appList = registryList(app.entries);
            const tiers = tierIndex(resources);
            // The lists as messages name them, once per evaluation.
            const appText = `[${app.entries.join(", ")}] (from ${app.source})`;
            const registriesText = `the approved registries [${registries.join(", ")}]`;
            const out: Finding[] = [];
            for (const r of resources) {
                if (!podTypes.has(r.type)) continue;
                const pod = podOf(r);
                if (!pod) continue;
                const tier = podTier(pod, tiers);
                for (const { path, container } of containersOf(pod)) {
                    const image = knownField(container, "image", "(computed)") as string | undefined;
                    if (image === "(computed)") continue;
                    if (!image) {
                        out.push({ message: `${label(pod)} ${path} has no image.`, urn: r.urn });
                        continue;
                    }
                    const ref = parseImage(image);
                    if (!ref) {
                        out.push({
                            message: `${label(pod)} ${path} has a malformed image reference "${image}".`,
                            urn: r.urn,
                        });
                        continue;
                    }
                    const ok =
                        tier === "app"
                            ? appList(ref)
                            : tier === "unknown"
                              ? appList(ref) || everywhere(ref)
                              : everywhere(ref);
                    if (ok) continue;
                    const where =
                        tier === "app"
                            ? `the registries app-tier namespace "${pod.namespace || "default"}" accepts ${appText}`
                            : registriesText;
                    out.push({
                        message: `${label(pod)} ${path} uses image "${image}" from ${ref.domain}/${ref.path}, which is not in ${where}.`,
                        urn: r.urn,
                    });
                }
            }
            return out;
        },
    };
}

export const allowedImageRegistries: StackPolicy = makeAllowedImageRegistries(stackConfig);
