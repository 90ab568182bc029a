/**
 * Pieces of the workload policies' admission forms (issue 18): the namespace tier as `namespaceObject` shows it,
 * and image references parsed in CEL as parseImage parses them (`domain/path`).
 */
import { AdmissionVariable, celString } from "../lib/admission";
import { celWellFormedImage } from "./images";
import { TIER_LABEL } from "./tiers";

/**
 * CEL: the object's namespace is labelled tier=app. The preview reads the label from the stack's Namespace; admission
 * from the namespace the object is created in (`namespaceObject`).
 */
export const celAppTier =
    "namespaceObject != null && has(namespaceObject.metadata.labels) && " +
    `${celString(TIER_LABEL)} in namespaceObject.metadata.labels && ` +
    `namespaceObject.metadata.labels[${celString(TIER_LABEL)}] == 'app'`;

/**
 * `variables.refs`: per container, a map of strings: `c` its name, `i` its image as written, `ok` "y" when
 * parseImage accepts it, and `r` the `domain/path` registryMatcher tests (lower-case host, :443 dropped, Docker Hub
 * aliases and `library/` resolved). Chained maps rather than nested comprehensions keep each step cheap.
 */
export const imageRefVariables: AdmissionVariable[] = [
    {
        name: "img",
        expression:
            "variables.containers.map(c, {'c': has(c.name) ? string(c.name) : '?', " +
            "'i': has(c.image) && type(c.image) == string ? string(c.image) : '', " +
            "'t': has(c.image) && type(c.image) == string ? string(c.image).trim() : ''})",
    },
    {
        name: "img2",
        expression:
            `variables.img.map(x, {'c': x.c, 'i': x.i, 'ok': x.i != '' && ${celWellFormedImage("x.t")} ? 'y' : 'n', ` +
            "'n': x.t.split('@')[0]})",
    },
    {
        name: "img3",
        expression:
            "variables.img2.map(x, {'c': x.c, 'i': x.i, 'ok': x.ok, " +
            "'n': x.n.lastIndexOf(':') > x.n.lastIndexOf('/') ? x.n.substring(0, x.n.lastIndexOf(':')) : x.n})",
    },
    {
        name: "img4",
        expression:
            "variables.img3.map(x, {'c': x.c, 'i': x.i, 'ok': x.ok, 'n': x.n, 'f': x.n.split('/')[0]})" +
            ".map(x, {'c': x.c, 'i': x.i, 'ok': x.ok, " +
            "'d': x.n.contains('/') && (x.f.contains('.') || x.f.contains(':') || x.f == 'localhost') ? x.f.lowerAscii() : '', " +
            "'p': x.n.contains('/') && (x.f.contains('.') || x.f.contains(':') || x.f == 'localhost') ? " +
            "x.n.substring(size(x.f) + 1) : x.n})",
    },
    {
        name: "refs",
        expression:
            "variables.img4.map(x, {'c': x.c, 'i': x.i, 'ok': x.ok, 'p': x.p, " +
            "'d': x.d == '' ? 'docker.io' : (x.d.endsWith(':443') ? x.d.substring(0, size(x.d) - 4) : x.d)})" +
            ".map(x, {'c': x.c, 'i': x.i, 'ok': x.ok, 'p': x.p, " +
            "'d': x.d in ['index.docker.io', 'registry-1.docker.io'] ? 'docker.io' : x.d})" +
            ".map(x, {'c': x.c, 'i': x.i, 'ok': x.ok, " +
            "'r': x.d + '/' + (x.d == 'docker.io' && !x.p.contains('/') ? 'library/' + x.p : x.p)})",
    },
];
