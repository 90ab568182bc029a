/** Images name an explicit version: no `latest` tag and no missing tag (which means `latest`), unless digest-pinned. */
import { ResourcePolicy } from "../lib/types";
import { knownField } from "../../lib/unknowns";
import { celHasDigest, celHasTag, celWellFormedImage, parseImage } from "./images";
import { POD_TYPES, containersOf, label, podOf } from "./pod";

/**
 * Admission: a container passes when it has no image (reported by allowed-image-registries), a malformed one, a
 * digest, or a tag other than `latest`.
 */
const t = "c.image.trim()";
const tagOk =
    `!has(c.image) || ${t} == '' || !${celWellFormedImage(t)} || ${celHasDigest(t)} || ` +
    `(${celHasTag(t)} && !${t}.endsWith(':latest'))`;

export const imageTagPinned: ResourcePolicy = {
    kind: "resource",
    name: "image-tag-pinned",
    since: "0.1.0",
    description: "Container images carry an explicit version tag (not `latest`, not missing) or a digest.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Reference the image as `registry/repo:<version>` or, better, `registry/repo:<version>@sha256:<digest>`.",
    frameworks: { nsa: "Use immutable, versioned images", brief: ["F1", "C6", "C7", "Q2"] },
    types: POD_TYPES,
    admission: {
        match: "pods",
        validations: [
            {
                expression: `variables.containers.all(c, ${tagOk})`,
                messageExpression:
                    "variables.label + ' images ' + variables.containers.filter(c, !(" +
                    tagOk +
                    ")).map(c, c.image).join(', ') + ' have no tag or the mutable `latest` tag (and no digest).'",
            },
        ],
    },
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        const out = [];
        for (const { path, container } of containersOf(pod)) {
            const image = knownField(container, "image", undefined) as string | undefined;
            if (!image) continue; // missing images are reported by allowed-image-registries
            const ref = parseImage(image);
            if (!ref || ref.digest) continue;
            if (!ref.tag)
                out.push({
                    message: `${label(pod)} ${path} image "${image}" has no tag, so it runs whatever \`latest\` is.`,
                });
            else if (ref.tag === "latest")
                out.push({
                    message: `${label(pod)} ${path} image "${image}" uses the mutable \`latest\` tag.`,
                });
        }
        return out;
    },
};
