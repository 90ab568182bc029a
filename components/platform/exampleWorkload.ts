/**
 * The blueprint's example workload (example.enabled): one SecureWorkload in a Vault-client namespace of the
 * SecurityPlatform, pulling from Harbor with a project's pull-only robot when Harbor is on. Restricted, digest-pinned,
 * secrets injected by Vault (no Secret in env, none in state). Registered at the stack's top level, as before.
 */
import * as k8s from "@pulumi/kubernetes";
import { harborImagePullSecret } from "../registry/pullSecret";
import { kvDataPath } from "../vault/hcl";
import { vaultInjection } from "../vault/injection";
import { SecureWorkload } from "../workload/secureWorkload";
import { SecurityPlatform } from "./securityPlatform";

export interface ExampleWorkloadArgs {
    namespace: string;
    image: string;
    /** Registries the image may come from; empty: the Harbor host (when Harbor is on). */
    allowedRegistries: string[];
    port: number;
    replicas: number;
    /** Harbor's host and the project whose pull-only robot pulls the image. */
    harbor?: { host: string; project: string };
}

export function exampleWorkload(
    args: ExampleWorkloadArgs,
    platform: SecurityPlatform,
    provider: k8s.Provider,
): SecureWorkload {
    const ns = platform.namespaces[args.namespace] ? [platform.namespaces[args.namespace]] : [];
    // App namespaces pull from Harbor with the first project's pull-only robot; its secret stays a Pulumi secret.
    const project = platform.harbor && args.harbor ? platform.harborProjects[args.harbor.project] : undefined;
    const pullSecret = project
        ? harborImagePullSecret(
              "example-harbor-pull",
              {
                  namespace: args.namespace,
                  registryHost: args.harbor!.host,
                  username: project.robotFullName,
                  password: project.robotSecret,
              },
              { provider, dependsOn: ns },
          )
        : undefined;
    return new SecureWorkload(
        "example",
        {
            name: "example",
            // The platform's SecureNamespace when it made the namespace: the workload waits for it.
            namespace: platform.namespaces[args.namespace] ?? args.namespace,
            image: args.image,
            allowedRegistries: args.allowedRegistries.length
                ? args.allowedRegistries
                : platform.harbor && args.harbor
                  ? [args.harbor.host]
                  : [],
            ports: [{ name: "http", port: args.port }],
            replicas: args.replicas,
            imagePullSecrets: pullSecret ? ["harbor-pull"] : undefined,
            vaultAnnotations: platform.vault
                ? vaultInjection({
                      role: "example",
                      secrets: [{ path: kvDataPath("apps", "example/config"), file: "config.env" }],
                  })
                : undefined,
        },
        { provider, dependsOn: pullSecret ? [pullSecret] : [] },
    );
}
