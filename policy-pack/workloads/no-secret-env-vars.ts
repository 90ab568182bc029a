/**
 * Secrets in environment variables leak through `kubectl describe`, crash dumps, child processes and logs
 * (CIS EKS 4.4.1): mount them as files, or inject them from Vault.
 */
import { Finding, ResourcePolicy } from "../lib/types";
import { cosmetic, known } from "../../lib/unknowns";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { failingNames } from "../lib/admission";

const envOk =
    "(!has(c.env) || c.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef) || e.valueFrom.secretKeyRef == null)) && " +
    "(!has(c.envFrom) || c.envFrom.all(e, !has(e.secretRef) || e.secretRef == null))";

export const noSecretEnvVars: ResourcePolicy = {
    kind: "resource",
    name: "no-secret-env-vars",
    since: "0.1.0",
    description:
        "No container reads a Kubernetes Secret into environment variables (env secretKeyRef or envFrom secretRef).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Mount the Secret as a read-only volume and read the file, or inject it with the Vault agent " +
        "(vaultInjection annotations) so no Kubernetes Secret is needed.",
    frameworks: {
        cisEks: ["4.4.1"],
        nsa: "Protect secrets: avoid environment variables",
        brief: ["R3", "Q10", "Q11"],
    },
    types: POD_TYPES,
    admission: {
        match: "pods",
        validations: [
            {
                expression: `variables.containers.all(c, ${envOk})`,
                messageExpression:
                    "variables.label + ' containers [' + " +
                    failingNames("variables.containers", envOk) +
                    " + '] read a Secret into environment variables (env secretKeyRef or envFrom secretRef).'",
            },
        ],
    },
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        const out: Finding[] = [];
        for (const { path, container } of containersOf(pod)) {
            const env = known(
                () => (Array.isArray(container.env) ? [...container.env] : []),
                [] as unknown[],
            );
            env.forEach((e, i) => {
                const ref = known(
                    () =>
                        (e as { valueFrom?: { secretKeyRef?: { name?: string } } })?.valueFrom?.secretKeyRef,
                    undefined,
                );
                if (ref) {
                    const name = cosmetic(() => (e as { name?: string }).name, undefined) ?? `env[${i}]`;
                    const secret = known(() => ref.name, undefined) ?? "(computed)";
                    out.push({
                        message: `${label(pod)} ${path} reads Secret "${secret}" into env var ${name}.`,
                    });
                }
            });
            const envFrom = known(
                () => (Array.isArray(container.envFrom) ? [...container.envFrom] : []),
                [] as unknown[],
            );
            for (const e of envFrom) {
                const ref = known(() => (e as { secretRef?: { name?: string } })?.secretRef, undefined);
                if (ref) {
                    const secret = known(() => ref.name, undefined) ?? "(computed)";
                    out.push({
                        message: `${label(pod)} ${path} loads every key of Secret "${secret}" as env vars (envFrom).`,
                    });
                }
            }
        }
        return out;
    },
};
