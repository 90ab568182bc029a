import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";

/** The `.dockerconfigjson` document for one registry (kubernetes.io/dockerconfigjson). */
export function dockerConfigJson(registryHost: string, username: string, password: string): string {
    const auth = Buffer.from(`${username}:${password}`).toString("base64");
    return JSON.stringify({ auths: { [registryHost]: { username, password, auth } } });
}

/** Arguments of {@link harborImagePullSecret}. */
export interface HarborImagePullSecretArgs {
    /** App namespace that pulls from Harbor. */
    namespace: string;
    /** Secret name (referenced from the pod's imagePullSecrets). Default "harbor-pull". */
    name?: string;
    /** Harbor's host name (no scheme), e.g. harbor.example.com. */
    registryHost: string;
    /** Robot user name: HarborProject.robotFullName. */
    username: pulumi.Input<string>;
    /** Robot secret: HarborProject.robotSecret (a Pulumi secret; it stays one). */
    password: pulumi.Input<string>;
}

/**
 * A kubernetes.io/dockerconfigjson Secret for an app namespace, holding a HarborProject's pull robot. The whole
 * document is a Pulumi secret.
 */
export function harborImagePullSecret(
    resourceName: string,
    args: HarborImagePullSecretArgs,
    opts?: pulumi.CustomResourceOptions,
): k8s.core.v1.Secret {
    const problems: string[] = [];
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(args.namespace ?? ""))
        problems.push(
            `HarborImagePullSecretArgs.namespace: "${args.namespace ?? ""}" is not a namespace name`,
        );
    if (!/^[a-z0-9.-]+(:\d+)?$/.test(args.registryHost ?? "") || args.registryHost.includes("://"))
        problems.push(
            `HarborImagePullSecretArgs.registryHost: "${args.registryHost ?? ""}" is not a host name (no scheme, no path)`,
        );
    throwIfProblems(problems);
    const doc = pulumi
        .all([args.username, args.password])
        .apply(([u, p]) => dockerConfigJson(args.registryHost, u, p));
    return new k8s.core.v1.Secret(
        resourceName,
        {
            metadata: { name: args.name ?? "harbor-pull", namespace: args.namespace },
            type: "kubernetes.io/dockerconfigjson",
            stringData: { ".dockerconfigjson": pulumi.secret(doc) },
        },
        { ...opts, additionalSecretOutputs: ["data", "stringData"] },
    );
}
