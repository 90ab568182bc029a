import { PolicyCases } from "../case";
import { service } from "../fixtures/exposure";

export const cases: PolicyCases = {
    policy: "service-externalname-restricted",
    pass: [
        { name: "a ClusterIP Service", resources: service({ type: "ClusterIP", ports: [{ port: 80 }] }) },
        {
            name: "an external DNS name",
            resources: service({ type: "ExternalName", externalName: "db.example.com" }),
        },
    ],
    fail: [
        {
            name: "localhost is refused",
            resources: service({ type: "ExternalName", externalName: "localhost" }),
            message: "localhost",
            count: 1,
        },
        {
            name: "LOCALHOST. is refused",
            resources: service({ type: "ExternalName", externalName: "LOCALHOST." }),
            message: "localhost",
            count: 1,
        },
        {
            name: "127.0.0.1 is refused",
            resources: service({ type: "ExternalName", externalName: "127.0.0.1" }),
            message: "loopback",
            count: 1,
        },
        {
            name: "127.1.2.3 is refused",
            resources: service({ type: "ExternalName", externalName: "127.1.2.3" }),
            message: "loopback",
            count: 1,
        },
        {
            name: "::1 is refused",
            resources: service({ type: "ExternalName", externalName: "::1" }),
            message: "loopback",
            count: 1,
        },
        {
            name: "169.254.169.254 is refused",
            resources: service({ type: "ExternalName", externalName: "169.254.169.254" }),
            message: "metadata",
            count: 1,
        },
        {
            name: "fd00:ec2::254 is refused",
            resources: service({ type: "ExternalName", externalName: "fd00:ec2::254" }),
            message: "metadata",
            count: 1,
        },
        {
            name: "metadata.google.internal is refused",
            resources: service({ type: "ExternalName", externalName: "metadata.google.internal" }),
            message: "metadata",
            count: 1,
        },
        {
            name: "kubernetes.default is refused",
            resources: service({ type: "ExternalName", externalName: "kubernetes.default" }),
            message: "API server",
            count: 1,
        },
        {
            name: "kubernetes.default.svc.cluster.local is refused",
            resources: service({
                type: "ExternalName",
                externalName: "kubernetes.default.svc.cluster.local",
            }),
            message: "API server",
            count: 1,
        },
        {
            name: "ABCDEF0123.gr7.eu-west-1.eks.amazonaws.com is refused",
            resources: service({
                type: "ExternalName",
                externalName: "ABCDEF0123.gr7.eu-west-1.eks.amazonaws.com",
            }),
            message: "EKS API",
            count: 1,
        },
    ],
};
