/**
 * Security contexts that satisfy the Pod Security Standards `restricted` profile. Every in-cluster component uses
 * these (directly or through chart values), so one change here hardens them all.
 */

/** Non-root UID/GID used when an image does not choose its own. */
export const nonRootId = 65532;

/** Pod-level context: non-root, RuntimeDefault seccomp. */
export const restrictedPodSecurityContext = {
    runAsNonRoot: true,
    runAsUser: nonRootId,
    runAsGroup: nonRootId,
    fsGroup: nonRootId,
    seccompProfile: { type: "RuntimeDefault" },
} as const;

/** Container-level context: no privilege escalation, drop ALL, read-only root, RuntimeDefault seccomp. */
export const restrictedContainerSecurityContext = {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
} as const;
