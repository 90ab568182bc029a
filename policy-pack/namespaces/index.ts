/** The namespaces policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { namespaceBaselineRequiresExemption } from "./namespace-baseline-requires-exemption";
import { namespaceDefaultDeny } from "./namespace-default-deny";
import { namespacePrivilegedRequiresExemption } from "./namespace-privileged-requires-exemption";
import { namespacePsaEnforce } from "./namespace-psa-enforce";
import { namespacePsaVersionOutdated } from "./namespace-psa-version-outdated";
import { networkPolicyAllowAll } from "./network-policy-allow-all";
import { networkWorkloadNoIngress } from "./network-workload-no-ingress";
import { psaVersionAssumed } from "./psa-version-assumed";

export const policies: BlueprintPolicy[] = [
    namespacePsaEnforce,
    namespacePrivilegedRequiresExemption,
    namespaceDefaultDeny,
    psaVersionAssumed,
    networkWorkloadNoIngress,
    networkPolicyAllowAll,
    // Issue 12: catalogue holes.
    namespaceBaselineRequiresExemption,
    namespacePsaVersionOutdated,
];
