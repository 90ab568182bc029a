/** Images pinned by digest cannot change under the same name: what was scanned is what runs. */
import { ResourcePolicy } from "../lib/types";
import { knownField } from "../../lib/unknowns";
import { celDigestPinned, celWellFormedImage, isDigest, parseImage } from "./images";
import { POD_TYPES, containersOf, label, podOf } from "./pod";

/** Admission: no image, a malformed one (parseImage refuses it), or a well-formed sha256/384/512 digest. */
const t = "c.image.trim()";
const digestOk = `!has(c.image) || ${t} == '' || !${celWellFormedImage(t)} || ${celDigestPinned(t)}`;

export const imageDigestPinned: ResourcePolicy = {
    kind: "resource",
    name: "image-digest-pinned",
    since: "0.1.0",
    description: "Container images are pinned by digest (`@sha256:...`).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Append the digest of the scanned image: `registry/repo:<version>@sha256:<digest>` " +
        "(`crane digest` or `docker buildx imagetools inspect` prints it).",
    frameworks: { nsa: "Use immutable, signed images", brief: ["F1", "C6", "C7", "Q2"] },
    types: POD_TYPES,
    admission: {
        match: "pods",
        validations: [
            {
                expression: `variables.containers.all(c, ${digestOk})`,
                messageExpression:
                    "variables.label + ' images ' + variables.containers.filter(c, !(" +
                    digestOk +
                    ")).map(c, c.image).join(', ') + ' are not pinned by digest.'",
            },
        ],
    },
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        const out = [];
        for (const { path, container } of containersOf(pod)) {
            const image = knownField(container, "image", undefined) as string | undefined;
            if (!image) continue;
            const ref = parseImage(image);
            if (ref && !isDigest(ref.digest))
                out.push({ message: `${label(pod)} ${path} image "${image}" is not pinned by digest.` });
        }
        return out;
    },
};
