import { Obj, PolicyCases, res } from "../case";
import { cluster } from "../fixtures/catalogue";

const addon = (over: Obj) =>
    res("aws:eks/addon:Addon", { addonName: "vpc-cni", clusterName: "blueprint", ...over });
const on = JSON.stringify({ enableNetworkPolicy: "true" });

export const cases: PolicyCases = {
    policy: "eks-vpc-cni-network-policy",
    pass: [
        {
            name: "vpc-cni with enableNetworkPolicy",
            resources: [cluster(), addon({ configurationValues: on })],
        },
    ],
    fail: [
        { name: "no vpc-cni add-on", resources: [cluster()], message: /no vpc-cni/ },
        {
            name: "vpc-cni without configuration",
            resources: [cluster(), addon({})],
            message: /enableNetworkPolicy/,
        },
        {
            name: "enableNetworkPolicy false",
            resources: [
                cluster(),
                addon({ configurationValues: JSON.stringify({ enableNetworkPolicy: "false" }) }),
            ],
            message: "enableNetworkPolicy",
            count: 1,
        },
        {
            name: "another add-on with the setting is no vpc-cni",
            resources: [cluster(), addon({ addonName: "coredns", configurationValues: on })],
            message: /no vpc-cni/,
            count: 1,
        },
        {
            name: "add-ons pair with clusters by name",
            resources: [
                cluster(),
                addon({ clusterName: "other", configurationValues: on }),
                cluster({ name: "other" }),
            ],
            message: "blueprint",
            count: 1,
        },
    ],
};
