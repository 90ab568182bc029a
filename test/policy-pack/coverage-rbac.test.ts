/**
 * Issue 16, RBAC: namespaced Secret reads (advisory, app roles exempted in config), CSR approval, port-forward,
 * aws-auth, Endpoints/EndpointSlices writes, bindings to system:masters, and bindings to roles that exist nowhere.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { allPolicies } from "../../policy-pack/policies";
import { PolicyResource } from "../../policy-pack/lib/types";
import { Obj, messages, preview, res, run, unknownString } from "./coverage-helpers";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
function role(name: string, rules: Obj[], ns?: string): PolicyResource {
    return res(`${rbac}:Role`, { metadata: { name, namespace: ns ?? "apps" }, rules }, `role-${ns}-${name}`);
}
function clusterRole(name: string, rules: Obj[]): PolicyResource {
    return res(`${rbac}:ClusterRole`, { metadata: { name }, rules }, `cr-${name}`);
}
function binding(name: string, roleRef: Obj, subjects: Obj[] = [], ns?: string): PolicyResource {
    return ns === undefined
        ? res(`${rbac}:ClusterRoleBinding`, { metadata: { name }, roleRef, subjects }, `crb-${name}`)
        : res(
              `${rbac}:RoleBinding`,
              { metadata: { name, namespace: ns }, roleRef, subjects },
              `rb-${ns}-${name}`,
          );
}
const crRef = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name });
const roleRef = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name });

describe("rbac-namespaced-secrets-read (advisory)", () => {
    const reader = [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }];

    test("a Role reading every Secret of its namespace; named get passes; list on named ones does not", () => {
        expect(messages("rbac-namespaced-secrets-read", [role("app", reader)])).toEqual([
            'Role "app" in namespace "apps" rules[0] grants get, list on every Secret.',
        ]);
        const named = [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] }];
        expect(run("rbac-namespaced-secrets-read", [role("app", named)])).toEqual([]);
        const namedList = [
            { apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get", "watch"] },
        ];
        expect(messages("rbac-namespaced-secrets-read", [role("app", namedList)])).toEqual([
            expect.stringContaining("get, watch on Secrets db (list/watch ignore names)"),
        ]);
        const other = [{ apiGroups: [""], resources: ["configmaps", "pods"], verbs: ["get", "list"] }];
        expect(run("rbac-namespaced-secrets-read", [role("app", other)])).toEqual([]);
        expect(
            run("rbac-namespaced-secrets-read", [
                role("app", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]),
            ]),
        ).toHaveLength(1);
    });

    test("a RoleBinding of a stack ClusterRole that reads Secrets; a ClusterRole alone grants nothing", () => {
        const cr = clusterRole("secret-reader", reader);
        expect(run("rbac-namespaced-secrets-read", [cr])).toEqual([]);
        const rb = binding("team", crRef("secret-reader"), [], "apps");
        const found = run("rbac-namespaced-secrets-read", [cr, rb]);
        expect(found).toEqual([
            {
                message:
                    'RoleBinding "team" in namespace "apps" binds ClusterRole "secret-reader", which grants get, list on every Secret.',
                urn: rb.urn,
            },
        ]);
    });

    test("app roles are exempted through the policy config (exemptions with a reason), through the CrossGuard adapter", () => {
        const p = allPolicies.find((x) => x.name === "rbac-namespaced-secrets-read")!;
        const cg = toCrossGuard(p) as StackValidationPolicy;
        const stack = [role("app", reader, "shop"), role("ops", reader, "shop")];
        const reported: string[] = [];
        const config = {
            exemptions: [{ namespace: "shop", name: "app", kind: "Role", reason: "reads its own DB Secret" }],
        };
        cg.validateStack(
            {
                resources: stack.map((r) => ({
                    ...r,
                    isType: () => false,
                    asType: () => undefined,
                    dependencies: [],
                    propertyDependencies: {},
                })),
                getConfig: () => config,
            } as never,
            (m: string) => reported.push(m),
        );
        expect(reported).toEqual([
            'Role "ops" in namespace "shop" rules[0] grants get, list on every Secret.',
        ]);
    });
});

describe("rbac-csr-approval", () => {
    test("update on certificatesigningrequests/approval and approve on signers", () => {
        const bad = clusterRole("csr", [
            {
                apiGroups: ["certificates.k8s.io"],
                resources: ["certificatesigningrequests/approval"],
                verbs: ["update"],
            },
            {
                apiGroups: ["certificates.k8s.io"],
                resources: ["signers"],
                resourceNames: ["kubernetes.io/kube-apiserver-client"],
                verbs: ["approve"],
            },
        ]);
        expect(messages("rbac-csr-approval", bad)).toEqual([
            'ClusterRole "csr" rules[0] grants update on certificatesigningrequests/approval.',
            'ClusterRole "csr" rules[1] grants approve on signers kubernetes.io/kube-apiserver-client.',
        ]);
        expect(
            messages(
                "rbac-csr-approval",
                clusterRole("w", [{ apiGroups: ["certificates.k8s.io"], resources: ["*"], verbs: ["*"] }]),
            ),
        ).toEqual([
            'ClusterRole "w" rules[0] grants update on certificatesigningrequests/approval and approve on signers (every signer).',
        ]);
    });
    test("reading or creating CSRs passes", () => {
        const ok = clusterRole("csr", [
            {
                apiGroups: ["certificates.k8s.io"],
                resources: ["certificatesigningrequests"],
                verbs: ["get", "list", "create"],
            },
            { apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["sign"] },
        ]);
        expect(run("rbac-csr-approval", ok)).toEqual([]);
    });
});

describe("rbac-port-forward", () => {
    test("create on pods/portforward (also through */portforward); get on it passes on 1.35+", () => {
        expect(
            messages(
                "rbac-port-forward",
                role("dbg", [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] }]),
            ),
        ).toEqual(['Role "dbg" rules[0] grants create on pods/portforward (a tunnel past NetworkPolicies).']);
        expect(
            run(
                "rbac-port-forward",
                role("dbg", [{ apiGroups: [""], resources: ["*/portforward"], verbs: ["*"] }]),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-port-forward",
                role("dbg", [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["get"] }]),
                { kubernetesVersion: "1.35" },
            ),
        ).toEqual([]);
        expect(
            run(
                "rbac-port-forward",
                role("dbg", [{ apiGroups: ["apps"], resources: ["pods/portforward"], verbs: ["create"] }]),
            ),
        ).toEqual([]);
    });
});

describe("rbac-aws-auth", () => {
    const cmWrite = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "patch"] }];

    test("a Role in kube-system that patches ConfigMaps; the same Role elsewhere passes", () => {
        expect(messages("rbac-aws-auth", [role("cm", cmWrite, "kube-system")])).toEqual([
            'Role "cm" in kube-system rules[0] grants update/patch on ConfigMaps there, including aws-auth.',
        ]);
        expect(run("rbac-aws-auth", [role("cm", cmWrite, "apps")])).toEqual([]);
    });

    test("resourceNames without aws-auth pass; with aws-auth they do not", () => {
        const other = [
            { apiGroups: [""], resources: ["configmaps"], resourceNames: ["coredns"], verbs: ["update"] },
        ];
        expect(run("rbac-aws-auth", [role("cm", other, "kube-system")])).toEqual([]);
        const aws = [
            { apiGroups: [""], resources: ["configmaps"], resourceNames: ["aws-auth"], verbs: ["update"] },
        ];
        expect(run("rbac-aws-auth", [role("cm", aws, "kube-system")])).toHaveLength(1);
    });

    test("a ClusterRole reaches kube-system through a ClusterRoleBinding or a RoleBinding there", () => {
        const cr = clusterRole("cm-writer", cmWrite);
        const crb = binding("all", crRef("cm-writer"));
        const rbKs = binding("ks", crRef("cm-writer"), [], "kube-system");
        const rbApps = binding("apps", crRef("cm-writer"), [], "apps");
        const found = run("rbac-aws-auth", [cr, crb, rbKs, rbApps]);
        expect(found.map((f) => f.urn)).toEqual([crb.urn, rbKs.urn]);
        expect(found[0].message).toBe(
            'ClusterRoleBinding "all" cluster-wide binds ClusterRole "cm-writer", whose rules[0] grant update/patch on ConfigMaps, including kube-system/aws-auth.',
        );
    });
});

describe("rbac-endpoints-write", () => {
    test("create/update/patch on endpoints or endpointslices", () => {
        expect(
            messages(
                "rbac-endpoints-write",
                role("ep", [
                    { apiGroups: [""], resources: ["endpoints"], verbs: ["get", "create", "update"] },
                ]),
            ),
        ).toEqual(['Role "ep" rules[0] grants create, update on endpoints (traffic hijack).']);
        expect(
            messages(
                "rbac-endpoints-write",
                clusterRole("eps", [
                    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["patch"] },
                ]),
            ),
        ).toEqual(['ClusterRole "eps" rules[0] grants patch on endpointslices (traffic hijack).']);
    });
    test("reading endpoints passes; endpointslices in the core group is not the real resource", () => {
        expect(
            run(
                "rbac-endpoints-write",
                role("ep", [
                    {
                        apiGroups: ["", "discovery.k8s.io"],
                        resources: ["endpoints", "endpointslices"],
                        verbs: ["get", "list", "watch"],
                    },
                ]),
            ),
        ).toEqual([]);
        expect(
            run(
                "rbac-endpoints-write",
                role("ep", [{ apiGroups: [""], resources: ["endpointslices"], verbs: ["create"] }]),
            ),
        ).toEqual([]);
    });
});

describe("rbac-no-system-masters-binding", () => {
    test("a binding naming the group system:masters", () => {
        const b = binding("m", crRef("view"), [
            { kind: "Group", name: "system:masters", apiGroup: "rbac.authorization.k8s.io" },
        ]);
        expect(messages("rbac-no-system-masters-binding", b)).toEqual([
            'ClusterRoleBinding "m" binds the group system:masters, which bypasses RBAC.',
        ]);
    });
    test("other subjects pass, and an unknown subject does not hide a known one", () => {
        const ok = binding(
            "v",
            crRef("view"),
            [
                { kind: "Group", name: "platform-viewers" },
                { kind: "User", name: "system:masters" },
            ],
            "apps",
        );
        expect(run("rbac-no-system-masters-binding", ok)).toEqual([]);
        const mixed = binding(
            "m",
            roleRef("x"),
            [
                { kind: "Group", name: unknownString },
                { kind: "Group", name: "system:masters" },
            ],
            "apps",
        );
        mixed.props = preview(mixed.props);
        expect(run("rbac-no-system-masters-binding", mixed)).toHaveLength(1);
    });
});

describe("rbac-missing-role (advisory)", () => {
    test("bindings to stack roles and to Kubernetes' built-ins pass", () => {
        const stack = [
            clusterRole("ops", []),
            role("app", [], "apps"),
            binding("a", crRef("ops")),
            binding("b", roleRef("app"), [], "apps"),
            binding("c", crRef("view"), [], "apps"),
            binding("d", crRef("system:aggregate-to-edit")),
            binding("e", roleRef("extension-apiserver-authentication-reader"), [], "kube-system"),
        ];
        expect(run("rbac-missing-role", stack)).toEqual([]);
    });

    test("a ClusterRole or Role that exists nowhere (a Role of another namespace does not count)", () => {
        const stack = [
            role("app", [], "other"),
            binding("typo", crRef("veiw")),
            binding("rb", roleRef("app"), [], "apps"),
        ];
        expect(messages("rbac-missing-role", stack)).toEqual([
            'ClusterRoleBinding "typo" references ClusterRole "veiw", which neither the stack nor Kubernetes\' built-ins define.',
            'RoleBinding "rb" references Role "app" in namespace "apps", which neither the stack nor Kubernetes\' built-ins define.',
        ]);
    });

    test("config knownRoles names roles that add-ons create (exact, or a prefix with *)", () => {
        const stack = [
            binding("a", crRef("eks:addon-manager")),
            binding("b", roleRef("kube-proxy"), [], "kube-system"),
        ];
        expect(run("rbac-missing-role", stack)).toHaveLength(2);
        expect(
            run("rbac-missing-role", stack, {
                knownRoles: ["ClusterRole/eks:*", "Role/kube-system/kube-proxy"],
            }),
        ).toEqual([]);
    });

    test("a role whose name is unknown during preview may be the one referenced: no finding for that kind", () => {
        const r = clusterRole("x", []);
        r.props = preview({ metadata: { name: unknownString }, rules: [] });
        expect(run("rbac-missing-role", [r, binding("a", crRef("generated"))])).toEqual([]);
        expect(run("rbac-missing-role", [binding("a", crRef("generated"))])).toHaveLength(1);
    });
});
