/**
 * Entry point that `pulumi preview --policy-pack ./policy-pack` runs: it builds the CrossGuard pack from the
 * catalogue. Keep imports light: this file is loaded on every preview.
 */
import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "./lib/adapter";
import { installSharedProps } from "./lib/shared-props";
import { allPolicies } from "./policies";

// One deserialisation of each resource per request, shared by every policy (see lib/shared-props.ts).
installSharedProps();

export const packName = "hardened-cluster";

new PolicyPack(packName, {
    enforcementLevel: "mandatory",
    policies: allPolicies.map(toCrossGuard),
});
