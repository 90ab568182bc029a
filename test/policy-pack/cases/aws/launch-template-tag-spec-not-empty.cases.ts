import { nodeTagSpecifications } from "../../../../components/cluster/hardenedCluster";
import { PolicyCases } from "../case";
import { launchTemplate } from "../fixtures/issue13";

export const cases: PolicyCases = {
    policy: "launch-template-tag-spec-not-empty",
    enforcementLevel: "advisory",
    pass: [
        { name: "today's template", resources: launchTemplate(nodeTagSpecifications("b", {})) },
        {
            name: "today's template with cluster.tags",
            resources: launchTemplate(nodeTagSpecifications("b", { team: "x" })),
        },
        { name: "no tag specifications", resources: launchTemplate(undefined) },
    ],
    fail: [
        {
            name: "the blueprint's old template: a volume tag specification with tags {}",
            resources: launchTemplate([
                { resourceType: "instance", tags: { Name: "blueprint-node" } },
                { resourceType: "volume", tags: {} },
            ]),
            message: /tagSpecifications\[1\] \(volume\) without tags.*InvalidTagSpecification/,
            count: 1,
        },
        {
            name: "a tag specification without tags",
            resources: launchTemplate([{ resourceType: "volume" }]),
            message: "without tags",
            count: 1,
        },
    ],
};
