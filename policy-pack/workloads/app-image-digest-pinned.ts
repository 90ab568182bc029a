/**
 * In app-tier namespaces (`blueprint.io/tier: app`, set by SecureNamespace), every container image is pinned by
 * a sha256 digest: what Harbor scanned and cosign signed is exactly what runs, and a re-pushed tag cannot swap
 * the image under a running Deployment. `image-digest-pinned` stays advisory for every namespace; this policy
 * makes pinning mandatory where teams deploy.
 *
 * A stack policy, because the tier lives on the Namespace: the tier index is built once per check (O(n)).
 * Workloads whose namespace is unknown during preview, not in the stack, or whose labels are unknown are skipped:
 * an unknown value never causes a violation by itself.
 */
import { Finding, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { isSha256Digest, parseImage } from "./images";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { TIER_LABEL, podTier, tierIndex } from "./tiers";
import { celAppTier } from "./admission";
import { celWellFormedImage } from "./images";

const podTypes = new Set(POD_TYPES);

export const appImageDigestPinned: StackPolicy = {
    kind: "stack",
    name: "app-image-digest-pinned",
    since: "0.1.0",
    description: `In app-tier namespaces (\`${TIER_LABEL}: app\`), every container image is pinned by digest (\`@sha256:<64 hex>\`).`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Reference the image Harbor scanned and cosign signed by its digest: `harbor.example.com/<project>/<repo>:<version>@sha256:<digest>` " +
        "(`crane digest`, `cosign triangulate` or Harbor's UI print it). SecureWorkload refuses images without one.",
    frameworks: {
        nsa: "Use trusted, signed, digest-pinned images",
        brief: ["F1", "C6", "C7", "Q2"],
    },
    admission: {
        match: "pods",
        variables: [
            {
                name: "unpinned",
                expression:
                    `!(${celAppTier}) ? [] : variables.containers.filter(c, has(c.image) && type(c.image) == string && ` +
                    `c.image != '' && !(${celWellFormedImage("c.image.trim()")} && ` +
                    "c.image.trim().matches('^[^@]*@sha256:[a-f0-9]{64}$'))).map(c, c.image)",
            },
        ],
        validations: [
            {
                expression: "size(variables.unpinned) == 0",
                messageExpression:
                    "variables.label + ' in app-tier namespace \"' + request.namespace + '\" uses image(s) ' + " +
                    "variables.unpinned.join(', ') + ', not pinned by a sha256 digest (@sha256:<64 hex>).'",
            },
        ],
    },
    check(resources) {
        const tiers = tierIndex(resources);
        const out: Finding[] = [];
        for (const r of resources) {
            if (!podTypes.has(r.type)) continue;
            const pod = podOf(r);
            if (!pod || podTier(pod, tiers) !== "app") continue;
            for (const { path, container } of containersOf(pod)) {
                const image = known(() => container.image as string | undefined, undefined);
                if (!image) continue; // unknown, or missing (reported by allowed-image-registries)
                if (isSha256Digest(parseImage(image)?.digest)) continue;
                out.push({
                    message:
                        `${label(pod)} ${path} in app-tier namespace "${pod.namespace || "default"}" uses image "${image}", ` +
                        "which is not pinned by a sha256 digest (@sha256:<64 hex>).",
                    urn: r.urn,
                });
            }
        }
        return out;
    },
};
