/** Pure builder of the cluster's kubeconfig: no credentials inside, tokens come from `aws eks get-token`. */

export interface KubeconfigInput {
    clusterName: string;
    endpoint: string;
    /** Base64 certificate authority data of the cluster. */
    certificateAuthorityData: string;
    region: string;
    /** Optional AWS CLI profile for the exec plugin (`AWS_PROFILE`). */
    profile?: string;
}

/** A kubeconfig object (serialize with JSON.stringify: JSON is valid YAML). */
export function buildKubeconfig(i: KubeconfigInput): Record<string, unknown> {
    const name = i.clusterName;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name,
                cluster: { server: i.endpoint, "certificate-authority-data": i.certificateAuthorityData },
            },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        preferences: {},
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: [
                            "eks",
                            "get-token",
                            "--cluster-name",
                            name,
                            "--region",
                            i.region,
                            "--output",
                            "json",
                        ],
                        ...(i.profile ? { env: [{ name: "AWS_PROFILE", value: i.profile }] } : {}),
                    },
                },
            },
        ],
    };
}
