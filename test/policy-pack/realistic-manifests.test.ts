/**
 * Issue 12 "a realistic manifest must not be flagged" and issue 16 "image references": registries compared after
 * normalising the default port, case and the implicit docker.io; digests valid only in their algorithm's format
 * (opencontainers/go-digest, which distribution/reference validates against: sha256 64, sha384 96, sha512 128
 * lower-case hex); limits without requests (the API server copies a limit into the unset request).
 */
import { allPolicies } from "../../policy-pack/policies";
import { Finding, PolicyConfig, PolicyResource } from "../../policy-pack/lib/types";
import { isDigest, parseImage, registryMatcher } from "../../policy-pack/workloads/images";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

function run(name: string, resources: PolicyResource[], config: PolicyConfig = {}): Finding[] {
    const p = allPolicies.find((x) => x.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    if (p.kind === "stack") return p.check(resources, config);
    return resources.flatMap((r) => (p.types && !p.types.includes(r.type) ? [] : p.check(r, config)));
}

let seq = 0;
function deployment(container: Obj, ns = "apps"): PolicyResource {
    const name = `d${++seq}`;
    return {
        type: "kubernetes:apps/v1:Deployment",
        name,
        urn: `urn:pulumi:test::bp::kubernetes:apps/v1:Deployment::${name}`,
        props: {
            metadata: { name, namespace: ns },
            spec: {
                template: {
                    spec: { automountServiceAccountToken: false, containers: [{ name: "c", ...container }] },
                },
            },
        },
    };
}

const sha256 = "sha256:" + "a".repeat(64);

describe("registries are compared after normalisation", () => {
    test.each([
        ["harbor.example.com:443/team/app:1", "harbor.example.com"],
        ["HARBOR.example.com/team/app:1", "harbor.example.com"],
        ["harbor.example.com/team/app:1", "harbor.example.com:443"],
        ["Harbor.Example.com:443/team/app:1", "harbor.example.com:443"],
        ["nginx:1.27", "docker.io/library"],
        ["index.docker.io/library/nginx:1.27", "docker.io/library/nginx"],
        ["registry-1.docker.io:443/aquasec/kube-bench:v0.10.6", "docker.io/aquasec"],
        ["aquasec/kube-bench:v0.10.6", "index.docker.io/aquasec"],
    ])("%s is in [%s]", (image, entry) => {
        expect(registryMatcher(entry)(parseImage(image)!)).toBe(true);
        expect(
            run("allowed-image-registries", [deployment({ image })], {
                registries: [entry],
                appRegistries: [],
            }),
        ).toEqual([]);
    });

    test.each([
        ["harbor.example.com:8443/team/app:1", "harbor.example.com"],
        ["harbor.example.com/team/app:1", "harbor.example.com:5000"],
        ["harbor.example.com.evil.io/team/app:1", "harbor.example.com"],
        ["evil.io/harbor.example.com/app:1", "harbor.example.com"],
    ])("%s is not in [%s]", (image, entry) => {
        expect(registryMatcher(entry)(parseImage(image)!)).toBe(false);
        expect(
            run("allowed-image-registries", [deployment({ image })], {
                registries: [entry],
                appRegistries: [],
            }),
        ).toHaveLength(1);
    });
});

describe("a digest pins only in its algorithm's format", () => {
    test.each([
        ["sha256:" + "a".repeat(64), true],
        ["sha384:" + "0".repeat(96), true],
        ["sha512:" + "f".repeat(128), true],
        ["sha256:" + "a".repeat(63), false],
        ["sha256:" + "a".repeat(65), false],
        ["sha256:" + "a".repeat(128), false],
        ["sha512:" + "a".repeat(64), false],
        ["sha256:" + "A".repeat(64), false],
        ["md5:" + "a".repeat(32), false],
        ["foo:" + "a".repeat(64), false],
        ["sha256:" + "g".repeat(64), false],
    ])("%s -> %s", (digest, valid) => {
        expect(isDigest(digest)).toBe(valid);
        const found = run("image-digest-pinned", [
            deployment({ image: `registry.k8s.io/pause:3.10@${digest}` }),
        ]);
        expect(found).toHaveLength(valid ? 0 : 1);
    });
});

describe("limits without requests", () => {
    test("a limit sets the request it leaves unset, as the API server defaults it", () => {
        expect(
            run("container-resources", [
                deployment({ image: "x", resources: { limits: { cpu: "1", memory: "1Gi" } } }),
            ]),
        ).toEqual([]);
    });
    test("requests without limits are still missing limits", () => {
        const f = run("container-resources", [
            deployment({ image: "x", resources: { requests: { cpu: "1", memory: "1Gi" } } }),
        ]);
        expect(f.map((x) => x.message)).toEqual([expect.stringContaining("limits.cpu, limits.memory")]);
    });
    test("nothing set is still reported", () => {
        expect(run("container-resources", [deployment({ image: "x" })])).toHaveLength(1);
    });
    test("a pinned image passes image-digest-pinned", () => {
        expect(
            run("image-digest-pinned", [deployment({ image: `registry.k8s.io/pause:3.10@${sha256}` })]),
        ).toEqual([]);
    });
});
