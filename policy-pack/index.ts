/**
 * Entry point that `pulumi preview --policy-pack ./policy-pack` runs: it builds the CrossGuard pack from the
 * catalogue. Keep imports light: this file is loaded on every preview.
 */
import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "./lib/adapter";
import { allPolicies } from "./policies";

export const packName = "hardened-cluster";

new PolicyPack(packName, {
    enforcementLevel: "mandatory",
    policies: allPolicies.map(toCrossGuard),
});
