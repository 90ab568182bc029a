/**
 * The policy pack's guardrails at admission time (issue 18): every catalogue policy with an admission form becomes a
 * ValidatingAdmissionPolicy + ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1, GA since
 * Kubernetes 1.30; no controller to run), generated from the same catalogue that `pulumi preview` uses, so one
 * definition governs both enforcement points. Pod Security is not re-implemented: Pod Security Admission enforces
 * it through the namespace labels SecureNamespace sets. Policies that need the whole stack stay preview-only.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    AdmissionMode,
    admissionModes,
    generateAdmissionPolicies,
} from "../../policy-pack/admission/generate";
import { BlueprintPolicy } from "../../policy-pack/lib/types";
import { allPolicies } from "../../policy-pack/policies";
import blueprintPolicyConfigJson from "../../policy-pack/blueprint.policy-config.json";
import { throwIfProblems } from "../lib/errors";
import { check, dnsLabel, FieldError, formatFieldErrors, oneOf } from "../lib/validators";

/**
 * The blueprint's own policy config (policy-pack/blueprint.policy-config.json: levels and reviewed exemptions), which
 * SecurityPlatform passes. Read here because components/admission is the one component allowed to import the policy
 * pack (docs/architecture.md, "Import directions").
 */
export const blueprintPolicyConfig: Record<string, unknown> = blueprintPolicyConfigJson;

/** Arguments of {@link AdmissionGuardrails}. */
export interface AdmissionGuardrailsArgs {
    /**
     * enforce (default): mandatory policies deny, advisory ones warn; warn: every policy only warns (roll out in
     * warn mode first); audit: audit annotations only.
     */
    mode?: AdmissionMode;
    /**
     * The policy config (the `--policy-pack-config` format): levels, config properties and exemptions. Default none
     * (each policy's default level and config); the blueprint passes policy-pack/blueprint.policy-config.json.
     */
    policyConfig?: Record<string, unknown>;
    /** Namespace of the params ConfigMaps of configurable policies. Default kube-system. */
    paramsNamespace?: string;
    /** The catalogue to generate from. Default the whole pack (policies without an admission form are skipped). */
    policies?: readonly BlueprintPolicy[];
}

/** Validates Args; problems as data, paths naming the arg. Pure. */
export function admissionGuardrailsArgsErrors(a: AdmissionGuardrailsArgs): FieldError[] {
    const e: FieldError[] = [];
    if (a.mode !== undefined) check(e, "mode", a.mode, oneOf(admissionModes));
    if (a.paramsNamespace !== undefined) check(e, "paramsNamespace", a.paramsNamespace, dnsLabel);
    if (a.policyConfig !== undefined && (typeof a.policyConfig !== "object" || Array.isArray(a.policyConfig)))
        e.push({
            path: "policyConfig",
            value: undefined,
            message: "must be an object mapping policy names to a level or a config object",
        });
    return e;
}

/** Validates Args; one line per problem, naming the arg. */
export function validateAdmissionGuardrailsArgs(a: AdmissionGuardrailsArgs): string[] {
    return formatFieldErrors(admissionGuardrailsArgsErrors(a));
}

/** Installs the generated admission policies through a Kubernetes provider. */
export class AdmissionGuardrails extends pulumi.ComponentResource {
    /** Names of the catalogue policies installed, with their binding's validationActions (none: disabled). */
    public readonly installed: Record<string, string[]>;
    public readonly policies: k8s.admissionregistration.v1.ValidatingAdmissionPolicy[] = [];
    public readonly bindings: k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding[] = [];

    constructor(name: string, args: AdmissionGuardrailsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(validateAdmissionGuardrailsArgs(args));
        const generated = generateAdmissionPolicies(args.policies ?? allPolicies, {
            policyConfig: args.policyConfig,
            mode: args.mode,
            paramsNamespace: args.paramsNamespace,
        });
        super("blueprint:admission:AdmissionGuardrails", name, {}, opts);
        const o: pulumi.CustomResourceOptions = {
            parent: this,
        };
        this.installed = {};
        for (const g of generated) {
            const params = g.params && new k8s.core.v1.ConfigMap(`${name}-${g.name}-params`, g.params, o);
            const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                `${name}-${g.name}`,
                g.policy,
                o,
            );
            this.policies.push(policy);
            this.installed[g.name] = g.actions ?? [];
            if (g.binding)
                this.bindings.push(
                    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                        `${name}-${g.name}`,
                        g.binding as k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs,
                        { ...o, dependsOn: [policy, ...(params ? [params] : [])] },
                    ),
                );
        }
        this.registerOutputs({ installed: this.installed });
    }
}
