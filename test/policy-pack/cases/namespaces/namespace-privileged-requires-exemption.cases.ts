import { PolicyCases } from "../case";
import { enforce, ns } from "../fixtures/catalogue";

const falco = ns("falco", enforce("privileged"));

export const cases: PolicyCases = {
    policy: "namespace-privileged-requires-exemption",
    pass: [{ name: "a baseline namespace", resources: [ns("apps", enforce("baseline"))] }],
    fail: [
        {
            name: "the privileged namespace is reported, the restricted one is not",
            resources: [falco, ns("apps", enforce("restricted"))],
            message: "falco",
            count: 1,
            blame: falco,
        },
    ],
};
