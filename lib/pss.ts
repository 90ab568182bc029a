/** Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */

/** A Pod Security Standards level, as the `pod-security.kubernetes.io/*` namespace labels take it. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** Every level, from the least to the most restrictive. */
export const podSecurityLevels: readonly PodSecurityLevel[] = ["privileged", "baseline", "restricted"];
