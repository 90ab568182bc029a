/** Admission fixtures of the namespace-label policies. */
import { AdmissionFixture, namespace } from "./objects";

const enforce = "pod-security.kubernetes.io/enforce";
const version = "pod-security.kubernetes.io/enforce-version";

export const namespaceFixtures: AdmissionFixture[] = [
    { id: "nsbase-pass-restricted", policy: "namespace-baseline-requires-exemption", expect: "pass",
      object: namespace("team-r", { [enforce]: "restricted", [version]: "latest" }) },
    { id: "nsbase-fail", policy: "namespace-baseline-requires-exemption", expect: "fail",
      object: namespace("team-base", { [enforce]: "baseline", [version]: "latest" }) },
    { id: "nspriv-pass-baseline", policy: "namespace-privileged-requires-exemption", expect: "pass",
      object: namespace("team-base2", { [enforce]: "baseline", [version]: "latest" }) },
    { id: "nspriv-fail", policy: "namespace-privileged-requires-exemption", expect: "fail",
      object: namespace("team-priv", { [enforce]: "privileged", [version]: "latest" }) },
]; // prettier-ignore
