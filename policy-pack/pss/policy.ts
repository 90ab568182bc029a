/**
 * Builds a `pss-*` stack policy from PSA checks. A stack policy, because a pod's level comes from its Namespace
 * resource in the same stack. Per evaluation: one O(n) pass indexes the Namespaces, then each pod-bearing
 * resource costs O(checks).
 */
import { PodTemplate, k8sKind, podBearingKinds, podTemplate } from "../../lib/k8s";
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import {
    MEMO_MISS,
    MemoEntry,
    cosmetic,
    isUnknownValueError,
    known,
    memoHit,
    memoRead,
} from "../../lib/unknowns";
import {
    LevelVersion,
    NamespaceLevels,
    defaultLevelOf,
    defaultLevelSchema,
    kubernetesVersionSchema,
    targetVersions,
    unknownNamespace,
} from "./level";
import { Check, CheckPodFn, Forbidden } from "./psa";
import { checkFnFor } from "./registry";
import { previewOnlyReasons } from "../lib/admission";
import { isKnownProps } from "../lib/known-props";

/** Everything of a pss-* policy except what the factory fills in. */
export type PssPolicySpec = Omit<StackPolicy, "kind" | "check" | "configSchema" | "enforcementLevel"> & {
    /** The PSA checks this policy enforces; variants of one check (baseline/restricted) go together. */
    checks: Check[];
};

const podKinds = new Set(podBearingKinds);

/**
 * Wraps props so that reading `metadata.name` / `metadata.namespace` never throws: an auto-generated name that is
 * unknown during preview must not hide the pod's spec from the checks. Properties with every value known
 * (lib/known-props.ts, deep-frozen: a proxy could not even hand out wrapped children) are returned as they are.
 */
function tolerantProps(props: Record<string, unknown>): Record<string, unknown> {
    if (isKnownProps(props)) return props;
    return new Proxy(props, {
        get(target, key) {
            const v = Reflect.get(target, key);
            if (key !== "metadata" || v === null || typeof v !== "object") return v;
            return new Proxy(v as object, {
                get(m, k) {
                    if (k === "name") return cosmetic(() => Reflect.get(m, k), undefined);
                    if (k === "namespace") return known(() => Reflect.get(m, k), undefined);
                    return Reflect.get(m, k);
                },
            });
        },
    });
}

/** A pod-bearing resource's pod template and namespace ("default" when unset). */
export interface PodRef {
    template: PodTemplate;
    namespace: string | typeof unknownNamespace;
}

/** readPod's results by properties object, with the resource they were read for (see memoRead). */
const pods = new WeakMap<object, MemoEntry<{ type: string; name: string; pod: PodRef | undefined }>>();

/**
 * Reads the pod template of a pod-bearing resource; undefined for other resources or an unknown template. The
 * seventeen pss-* policies read the same resources: under CrossGuard they share one properties object per resource
 * and request (lib/shared-props.ts, lib/unknowns.ts), so the read is done once and remembered for that object,
 * the unknown values it met reported to each policy as if it had read them itself.
 */
export function readPod(r: PolicyResource): PodRef | undefined {
    const k = k8sKind(r.type);
    if (!k || !podKinds.has(k.kind) || r.props == null) return undefined;
    if (typeof r.props !== "object") return readPodUncached(r);
    const hit = memoHit(pods, r.props);
    if (hit !== MEMO_MISS && hit.type === r.type && hit.name === r.name) return hit.pod;
    const read = () => ({ type: r.type, name: r.name, pod: readPodUncached(r) });
    let m = hit !== MEMO_MISS ? hit : memoRead(pods, r.props, read);
    // The same properties under another type or name (not from one request): read them for this resource.
    if (m.type !== r.type || m.name !== r.name) m = read();
    return m.pod;
}

function readPodUncached(r: PolicyResource): PodRef | undefined {
    const template = known(() => podTemplate({ ...r, props: tolerantProps(r.props) }), undefined);
    if (!template) return undefined;
    const namespace = known<string | typeof unknownNamespace>(() => {
        const ns: unknown = r.props?.metadata?.namespace;
        if (ns === undefined || ns === null || ns === "") return "default";
        return typeof ns === "string" ? ns : unknownNamespace;
    }, unknownNamespace);
    return { template, namespace };
}

function describe(pod: PodRef, lv: LevelVersion): string {
    const ns = typeof pod.namespace === "string" ? `"${pod.namespace}"` : "(not known until apply)";
    const from =
        lv.source === "namespace" ? "" : " (namespace not labelled in this stack: policy defaultLevel)";
    return `${pod.template.kind} "${pod.template.name}" in namespace ${ns} violates PodSecurity "${lv.label}"${from}`;
}

/** Creates the stack policy. */
export function pssPolicy(spec: PssPolicySpec): StackPolicy {
    const { checks, ...meta } = spec;
    return {
        ...meta,
        kind: "stack",
        enforcementLevel: "mandatory",
        previewOnly: previewOnlyReasons.pss,
        configSchema: { defaultLevel: defaultLevelSchema, kubernetesVersion: kubernetesVersionSchema },
        check(resources, config): Finding[] {
            const levels = new NamespaceLevels(
                resources,
                defaultLevelOf(config),
                targetVersions(resources, config),
            );
            // The checks in effect depend only on (level, version): resolve them once per pair (and per resolved
            // level object, which `levels` shares between the pods of a namespace).
            const memo = new Map<string, Array<{ id: string; fn: CheckPodFn }>>();
            const byLevel = new Map<LevelVersion, Array<{ id: string; fn: CheckPodFn }>>();
            const findings: Finding[] = [];
            for (const r of resources) {
                const pod = readPod(r);
                if (!pod) continue;
                for (const lv of levels.resolve(pod.namespace)) {
                    if (lv.level === "privileged") continue;
                    let fns = byLevel.get(lv);
                    if (!fns) {
                        const key = `${lv.level}:${lv.version}`;
                        fns = memo.get(key);
                        if (!fns) {
                            fns = [];
                            for (const c of checks) {
                                const fn = checkFnFor(c, lv.level, lv.version);
                                if (fn) fns.push({ id: c.id, fn });
                            }
                            memo.set(key, fns);
                        }
                        byLevel.set(lv, fns);
                    }
                    const { metadata, spec } = pod.template;
                    for (let i = 0; i < fns.length; i++) {
                        // A value unknown during preview skips this check for this pod; `pulumi up` re-checks it.
                        // (`known` inlined: no closure per check and pod.)
                        let res: Forbidden | undefined;
                        try {
                            res = fns[i].fn(metadata, spec);
                        } catch (e) {
                            if (!isUnknownValueError(e)) throw e;
                        }
                        if (res) {
                            // The same keys in the same order as before, without a spread object per finding.
                            const f: Finding = {
                                urn: r.urn,
                                message: `${describe(pod, lv)}: ${res.reason} (${res.detail})`,
                            };
                            if (res.field) f.path = `${pod.template.specPath}.${res.field}`;
                            findings.push(f);
                        }
                    }
                }
            }
            return findings;
        },
    };
}
