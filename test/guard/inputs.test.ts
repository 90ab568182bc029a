// The two file input modes, and the bad inputs that must stop the guard with one clear line.
import * as path from "path";
import { captureManifests, k8sTypeToken } from "../../guard/manifests";
import { GuardInputError, isSecret } from "../../guard/model";
import { captureState } from "../../guard/state";
import { loadStackConfig } from "../../guard/stack-config";

const fx = (...p: string[]) => path.join(__dirname, "../fixtures", ...p);

describe("--manifests", () => {
    const resources = captureManifests([fx("manifests")], "manifests", "dev");

    test("maps apiVersion/kind to @pulumi/kubernetes type tokens", () => {
        expect(k8sTypeToken("v1", "Pod")).toBe("kubernetes:core/v1:Pod");
        expect(k8sTypeToken("apps/v1", "Deployment")).toBe("kubernetes:apps/v1:Deployment");
        expect(k8sTypeToken("rbac.authorization.k8s.io/v1", "ClusterRole")).toBe(
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        );
    });

    test("reads directories, multi-document files and List kinds, and records the source file", () => {
        const types = resources.filter((r) => r.source).map((r) => `${r.type} ${r.name}`);
        expect(types.sort()).toEqual([
            "kubernetes:apps/v1:Deployment team-a/web",
            "kubernetes:core/v1:Namespace team-a",
            "kubernetes:core/v1:Pod team-a/privileged",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole reader",
        ]);
        const dep = resources.find((r) => r.name === "team-a/web")!;
        expect(dep.source).toBe(fx("manifests", "multi.yaml"));
        expect(dep.inputs).toEqual(dep.outputs);
        expect(dep.parent).toBe("urn:pulumi:dev::manifests::pulumi:pulumi:Stack::manifests-dev");
    });

    test("bad manifests stop with one line naming the file and the problem", () => {
        expect(() => captureManifests([fx("bad-input", "no-kind.yaml")], "m", "dev")).toThrow(
            /no-kind\.yaml: document 1 has no kind/,
        );
        expect(() => captureManifests([fx("bad-input", "invalid.yaml")], "m", "dev")).toThrow(
            /invalid\.yaml: invalid YAML at line \d+/,
        );
        expect(() => captureManifests([fx("missing.yaml")], "m", "dev")).toThrow(GuardInputError);
        expect(() => captureManifests([fx("missing.yaml")], "m", "dev")).toThrow(
            /missing\.yaml: no such file or directory/,
        );
    });
});

describe("--state", () => {
    test("reads a version 3 export with parents, dependencies, providers and secrets", () => {
        const rs = captureState(fx("state", "export-v3.json")).resources;
        const cluster = rs.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        expect(cluster.name).toBe("prod");
        expect(cluster.parent).toBe("urn:pulumi:prod::app::pulumi:pulumi:Stack::app-prod");
        expect(cluster.provider).toMatch(/pulumi:providers:aws::default_7_48_0::prov-id$/);
        expect(cluster.dependencies).toHaveLength(1);
        expect(isSecret(cluster.outputs.certificateAuthority)).toBe(true);
        expect(rs.find((r) => r.type === "pulumi:pulumi:Stack")!.custom).toBe(false);
    });

    test("refuses another export version and unreadable files", () => {
        expect(() => captureState(fx("bad-input", "export-v2.json"))).toThrow(
            /export version 2 is not supported \(expected 3/,
        );
        expect(() => captureState(fx("nope.json"))).toThrow(/--state .*nope\.json: no such file/);
    });
});

describe("stack config", () => {
    test("Pulumi.yaml defaults, then the stack file, then --config; bare keys take the project namespace", () => {
        const sc = loadStackConfig(path.join(__dirname, "../.."), undefined, [
            "cluster.name=override",
            "aws:region=us-east-1",
        ]);
        expect(sc.project).toBe("hardened-cluster");
        expect(sc.config["hardened-cluster:cluster.name"]).toBe("override");
        expect(sc.config["aws:region"]).toBe("us-east-1");
    });

    test("a missing stack file or a malformed --config is a bad invocation", () => {
        expect(() => loadStackConfig(path.join(__dirname, "../.."), "nosuchstack", [])).toThrow(
            /Pulumi\.nosuchstack\.yaml does not exist/,
        );
        expect(() => loadStackConfig(path.join(__dirname, "../.."), undefined, ["novalue"])).toThrow(
            /expected key=value/,
        );
    });
});
