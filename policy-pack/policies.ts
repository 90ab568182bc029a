/** The whole catalogue, in a stable order: one array per area, each policy in its own file. */
import { policies as aws } from "./aws";
import { policies as exposure } from "./exposure";
import { BlueprintPolicy } from "./lib/types";
import { policies as namespaces } from "./namespaces";
import { policies as pss } from "./pss";
import { policies as rbac } from "./rbac";
import { policies as workloads } from "./workloads";

export const allPolicies: BlueprintPolicy[] = [
    ...pss,
    ...workloads,
    ...rbac,
    ...exposure,
    ...namespaces,
    ...aws,
];
