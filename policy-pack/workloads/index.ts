/** The workloads policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { allowedImageRegistries } from "./allowed-image-registries";
import { appImageDigestPinned } from "./app-image-digest-pinned";
import { appNoLiteralSecrets } from "./app-no-literal-secrets";
import { appNoRootGroup } from "./app-no-root-group";
import { automountServiceAccountToken } from "./automount-service-account-token";
import { containerProbes } from "./container-probes";
import { containerResources } from "./container-resources";
import { imageDigestPinned } from "./image-digest-pinned";
import { imageTagPinned } from "./image-tag-pinned";
import { noDefaultNamespace } from "./no-default-namespace";
import { noLiteralSecrets } from "./no-literal-secrets";
import { noSecretEnvVars } from "./no-secret-env-vars";
import { persistentVolumeHostPath } from "./persistent-volume-host-path";
import { readOnlyRootFilesystem } from "./read-only-root-filesystem";
import { secretsFromVault } from "./secrets-from-vault";
import { sysctlValueInjection } from "./sysctl-value-injection";

export const policies: BlueprintPolicy[] = [
    allowedImageRegistries,
    imageTagPinned,
    imageDigestPinned,
    appImageDigestPinned,
    containerResources,
    readOnlyRootFilesystem,
    noSecretEnvVars,
    automountServiceAccountToken,
    noDefaultNamespace,
    containerProbes,
    secretsFromVault,
    // Issue 16: catalogue coverage.
    noLiteralSecrets,
    appNoLiteralSecrets,
    appNoRootGroup,
    sysctlValueInjection,
    // Issue 12: catalogue holes.
    persistentVolumeHostPath,
];
