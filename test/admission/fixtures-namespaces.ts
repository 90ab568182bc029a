/** Admission fixtures of the namespace-label policies. */
import { AdmissionFixture, namespace } from "./objects";

const enforce = "pod-security.kubernetes.io/enforce";
const version = "pod-security.kubernetes.io/enforce-version";

/**
 * The policy config the fixtures are judged with (by both engines, and on the e2e API server): the target
 * Kubernetes version that namespace-psa-version-outdated folds into its expression (the e2e server's, 1.34).
 */
export const fixturePolicyConfig: Record<string, unknown> = {
    "namespace-psa-version-outdated": { kubernetesVersion: "1.34" },
};

export const namespaceFixtures: AdmissionFixture[] = [
    { id: "nsbase-pass-restricted", policy: "namespace-baseline-requires-exemption", expect: "pass",
      object: namespace("team-r", { [enforce]: "restricted", [version]: "latest" }) },
    { id: "nsbase-fail", policy: "namespace-baseline-requires-exemption", expect: "fail",
      object: namespace("team-base", { [enforce]: "baseline", [version]: "latest" }) },
    { id: "nspriv-pass-baseline", policy: "namespace-privileged-requires-exemption", expect: "pass",
      object: namespace("team-base2", { [enforce]: "baseline", [version]: "latest" }) },
    { id: "nspriv-fail", policy: "namespace-privileged-requires-exemption", expect: "fail",
      object: namespace("team-priv", { [enforce]: "privileged", [version]: "latest" }) },
    { id: "psaver-pass-current", policy: "namespace-psa-version-outdated", expect: "pass",
      object: namespace("team-v34", { [enforce]: "restricted", [version]: "v1.34" }) },
    { id: "psaver-pass-latest", policy: "namespace-psa-version-outdated", expect: "pass",
      object: namespace("team-latest", { [enforce]: "restricted", [version]: "latest" }) },
    { id: "psaver-fail-restricted-old", policy: "namespace-psa-version-outdated", expect: "fail",
      object: namespace("team-v30", { [enforce]: "restricted", [version]: "v1.30" }) },
    { id: "psaver-fail-baseline-old", policy: "namespace-psa-version-outdated", expect: "fail",
      object: namespace("team-b33", { [enforce]: "baseline", [version]: "v1.33" }) },
]; // prettier-ignore
