/**
 * Adapts the pack's pure policies to CrossGuard. Everything engine-specific lives here: reading config,
 * applying exemptions, and tolerating values that are unknown during preview.
 */
import type { ResourceValidationPolicy, StackValidationPolicy, PolicyConfigSchema } from "@pulumi/policy";
import { findExemption, exemptionsSchema } from "./exemptions";
import { BlueprintPolicy, PolicyConfig, PolicyResource } from "./types";

/** The full config schema: the policy's own properties plus `exemptions`. */
export function configSchemaOf(p: BlueprintPolicy): PolicyConfigSchema {
    return { properties: { ...(p.configSchema ?? {}), exemptions: exemptionsSchema } } as PolicyConfigSchema;
}

function common(p: BlueprintPolicy) {
    const refs = [
        p.frameworks.cisEks?.length ? `CIS EKS 1.8.0 ${p.frameworks.cisEks.join(", ")}` : undefined,
        p.frameworks.pss ? `PSS ${p.frameworks.pss}` : undefined,
        p.frameworks.nsa ? `NSA/CISA: ${p.frameworks.nsa}` : undefined,
        `brief ${p.frameworks.brief.join(", ")}`,
    ].filter(Boolean);
    return {
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel,
        severity: p.severity,
        remediationSteps: p.remediation,
        tags: refs as string[],
        configSchema: configSchemaOf(p),
        ...(p.frameworks.cisEks?.length
            ? {
                  framework: {
                      name: "cis-eks",
                      version: "1.8.0",
                      reference: p.frameworks.cisEks.join(","),
                      specification: "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark",
                  },
              }
            : {}),
    };
}

/** Converts a pure blueprint policy to a CrossGuard policy. */
export function toCrossGuard(p: BlueprintPolicy): ResourceValidationPolicy | StackValidationPolicy {
    if (p.kind === "resource") {
        const types = p.types ? new Set(p.types) : undefined;
        return {
            ...common(p),
            validateResource: (args, report) => {
                if (types && !types.has(args.type)) return;
                const config = args.getConfig<PolicyConfig>();
                const r: PolicyResource = {
                    type: args.type,
                    name: args.name,
                    urn: args.urn,
                    props: args.props,
                };
                if (findExemption(config.exemptions, r)) return;
                for (const f of p.check(r, config)) report(f.message);
            },
        };
    }
    return {
        ...common(p),
        validateStack: (args, report) => {
            const config = args.getConfig<PolicyConfig>();
            const resources: PolicyResource[] = args.resources.map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: r.props,
            }));
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            // A stack check reads uncertain values through `known`; an UnknownValueError that still escapes is left
            // to @pulumi/policy, which then reports the policy as not runnable during preview, as the engine would.
            for (const f of p.check(resources, config)) {
                const target = f.urn ? byUrn.get(f.urn) : undefined;
                if (target && findExemption(config.exemptions, target)) continue;
                report(f.message, f.urn);
            }
        },
    };
}
