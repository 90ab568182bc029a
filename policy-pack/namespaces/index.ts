/** The namespaces policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { namespaceDefaultDeny } from "./namespace-default-deny";
import { namespacePrivilegedRequiresExemption } from "./namespace-privileged-requires-exemption";
import { namespacePsaEnforce } from "./namespace-psa-enforce";
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
];
