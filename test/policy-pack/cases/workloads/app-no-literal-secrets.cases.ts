import {
    appNamespace,
    configMap,
    container,
    deployment,
    ephemeral,
    namespace,
    podSpec,
} from "../../coverage-helpers";
import { PolicyCases } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";
import { jwt, secretValues } from "../fixtures/secrets";

const bad = () => podSpec({ containers: [container({ env: [{ name: "API_KEY", value: "k-123456" }] })] });
const api = deployment(bad(), "shop", "api");
const shopCfg = configMap("shop-cfg", { "config.env": "SMTP_PASSWORD=hunter22\n" }, "shop");

export const cases: PolicyCases = {
    policy: "app-no-literal-secrets",
    enforcementLevel: "mandatory",
    pass: [
        hardenedDeployment(),
        {
            name: "a hardened pod in an app-tier namespace",
            resources: [appNamespace("shop"), deployment(podSpec(), "shop")],
        },
    ],
    fail: [
        {
            name: "only in app-tier namespaces of the stack (not platform, not outside the stack)",
            resources: [
                appNamespace("shop"),
                namespace("tools", { "blueprint.io/tier": "platform" }),
                api,
                deployment(bad(), "tools", "cli"),
                deployment(bad(), "elsewhere", "x"),
                shopCfg,
                configMap("tools-cfg", { "config.env": "SMTP_PASSWORD=hunter22\n" }, "tools"),
            ],
            messages: [
                'Deployment "api" containers[0] "app" env "API_KEY" in an app-tier namespace holds a literal credential: its name says it holds a credential and its value is a literal (value not shown).',
                'ConfigMap "shop-cfg" data key "config.env" in an app-tier namespace holds a literal credential: it holds a config file that sets "SMTP_PASSWORD" to a literal (value not shown).',
            ],
            blame: [api, shopCfg],
            absent: secretValues,
        },
        {
            name: "an ephemeral container",
            resources: [
                appNamespace("shop"),
                deployment(
                    podSpec({ ephemeralContainers: [ephemeral({ env: [{ name: "T", value: jwt }] })] }),
                    "shop",
                ),
            ],
            message: 'ephemeralContainers[0] "debug" env "T"',
            count: 1,
            absent: secretValues,
        },
    ],
};
