/**
 * Entry point that `pulumi preview --policy-pack ./policy-pack` runs: it builds the CrossGuard pack from the
 * catalogue. Keep imports light: this file is loaded on every preview.
 */
import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "./lib/adapter";
import { installFastServer } from "./lib/fast-server";
import { installSharedProps } from "./lib/shared-props";
import { installWireProperties } from "./lib/wire";
import { allPolicies } from "./policies";

// Resource properties decoded from the wire without a message tree (lib/wire.ts), once per request and shared by
// every policy (lib/shared-props.ts). Both before the server starts.
installWireProperties();
installSharedProps();
// Each resource's arguments built once per request, not once per policy (lib/fast-server.ts).
installFastServer();

export const packName = "hardened-cluster";

new PolicyPack(packName, {
    enforcementLevel: "mandatory",
    policies: allPolicies.map(toCrossGuard),
});
