import { ConfigError } from "../../components/lib/errors";
import { kvDataPath } from "../../components/vault/hcl";
import { agentSeccompPatch, vaultInjection } from "../../components/vault/injection";
import { injectorAgentEnv } from "../../components/vault/values";
import { policies as pssPolicies } from "../../policy-pack/pss";
import { Finding, PolicyResource } from "../../policy-pack/lib/types";
import { inject } from "./injector-sim";

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are untyped Kubernetes JSON */
const annotations = vaultInjection({
    role: "demo",
    secrets: [
        { path: kvDataPath("apps", "demo/config"), file: "config.env" },
        {
            path: kvDataPath("apps", "demo/db"),
            file: "db",
            template: '{{ with secret "apps/data/demo/db" }}{{ .Data.data.url }}{{ end }}',
        },
    ],
});

test("annotations: inject, role, one secret + template per file, CA trust, restricted agent", () => {
    const a = "vault.hashicorp.com/";
    expect(annotations).toMatchObject({
        [`${a}agent-inject`]: "true",
        [`${a}role`]: "demo",
        [`${a}agent-inject-secret-config.env`]: "apps/data/demo/config",
        [`${a}agent-inject-secret-db`]: "apps/data/demo/db",
        [`${a}agent-inject-template-db`]:
            '{{ with secret "apps/data/demo/db" }}{{ .Data.data.url }}{{ end }}',
        [`${a}tls-secret`]: "vault-ca",
        [`${a}ca-cert`]: "/vault/tls/ca.crt",
        [`${a}tls-skip-verify`]: "false",
        [`${a}agent-set-security-context`]: "true",
        [`${a}agent-run-as-same-user`]: "false",
        [`${a}agent-json-patch`]: agentSeccompPatch,
        [`${a}agent-init-json-patch`]: agentSeccompPatch,
    });
    expect(Number(annotations[`${a}agent-run-as-user`])).toBeGreaterThan(0);
    expect(Number(annotations[`${a}agent-run-as-group`])).toBeGreaterThan(0);
    expect(annotations[`${a}agent-inject-template-config.env`]).toContain(
        'with secret "apps/data/demo/config"',
    );
    expect(annotations[`${a}agent-inject-template-config.env`]).toContain(".Data.data");
    // No secret value in the annotations: only paths and templates.
    for (const v of Object.values(annotations)) expect(v).not.toMatch(/hvs\.|password=/i);
});

test.each<[string, any, RegExp]>([
    ["empty role", { role: "", secrets: [{ path: "apps/data/x", file: "x" }] }, /role/],
    ["no secrets", { role: "demo", secrets: [] }, /secrets: empty/],
    ["bad file name", { role: "demo", secrets: [{ path: "apps/data/x", file: "../x" }] }, /file/],
    [
        "duplicate file",
        {
            role: "demo",
            secrets: [
                { path: "apps/data/x", file: "x" },
                { path: "apps/data/y", file: "x" },
            ],
        },
        /duplicate/,
    ],
    ["bad path", { role: "demo", secrets: [{ path: "apps/data/../sys", file: "x" }] }, /path/],
    [
        "root agent",
        { role: "demo", secrets: [{ path: "apps/data/x", file: "x" }], runAsUser: 0 },
        /runAsUser: 0/,
    ],
])("rejects %s with a ConfigError", (_l, args, msg) => {
    expect(() => vaultInjection(args)).toThrow(ConfigError);
    expect(() => vaultInjection(args)).toThrow(msg);
});

/** A restricted app pod as SecureWorkload renders it (pod-level seccomp optional to test the agent's own). */
function appPod(ann: Record<string, string>, podSeccomp: boolean) {
    return {
        metadata: { name: "demo", namespace: "demo", annotations: ann },
        spec: {
            serviceAccountName: "demo-app",
            securityContext: {
                runAsNonRoot: true,
                runAsUser: 65532,
                ...(podSeccomp ? { seccompProfile: { type: "RuntimeDefault" } } : {}),
            },
            containers: [
                {
                    name: "app",
                    image: "registry.example/demo@sha256:0000",
                    securityContext: {
                        allowPrivilegeEscalation: false,
                        readOnlyRootFilesystem: true,
                        runAsNonRoot: true,
                        capabilities: { drop: ["ALL"] },
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                },
            ],
        },
    };
}

function pssFindings(pod: { metadata: any; spec: any }): Finding[] {
    const r: PolicyResource = {
        type: "kubernetes:core/v1:Pod",
        name: "demo",
        urn: "urn:pulumi:test::p::kubernetes:core/v1:Pod::demo",
        props: pod,
    };
    return pssPolicies.flatMap((p) => (p.kind === "stack" ? p.check([r], {}) : p.check(r, {})));
}

describe("the injected pod is restricted-compliant", () => {
    test("the pss-* policies are present (policy-pack/pss)", () => {
        expect(pssPolicies.map((p) => p.name)).toEqual(
            expect.arrayContaining([
                "pss-seccomp",
                "pss-capabilities",
                "pss-run-as-non-root",
                "pss-allow-privilege-escalation",
            ]),
        );
    });

    test.each([[true], [false]])(
        "with pod-level seccomp %s: init + sidecar agents pass every pss-* policy",
        (podSeccomp) => {
            const pod = inject(appPod(annotations, podSeccomp), injectorAgentEnv());
            expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(["vault-agent-init"]);
            expect(pod.spec.containers.map((c: any) => c.name)).toEqual(["app", "vault-agent"]);
            for (const c of [pod.spec.initContainers[0], pod.spec.containers[1]]) {
                expect(c.securityContext).toEqual({
                    runAsUser: 100,
                    runAsGroup: 1000,
                    runAsNonRoot: true,
                    readOnlyRootFilesystem: true,
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                });
            }
            expect(pod.spec.volumes).toContainEqual({
                name: "vault-tls-secrets",
                secret: { secretName: "vault-ca" },
            });
            expect(pssFindings(pod)).toEqual([]);
        },
    );

    test("fail case: without the security-context annotations the injected agents violate restricted", () => {
        const loose = Object.fromEntries(
            Object.entries(annotations).filter(
                ([k]) => !/agent-(set-security-context|run-as|json-patch|init-json-patch)/.test(k),
            ),
        );
        const pod = inject(
            appPod({ ...loose, "vault.hashicorp.com/agent-set-security-context": "false" }, false),
        );
        const msgs = pssFindings(pod)
            .map((f) => f.message)
            .join("\n");
        expect(msgs).toMatch(/vault-agent/);
        expect(msgs).toMatch(/allowPrivilegeEscalation|capabilities|seccomp/);
    });

    test("fail case: without the seccomp JSON patch, a pod without pod-level seccomp is rejected", () => {
        const noPatch = Object.fromEntries(
            Object.entries(annotations).filter(([k]) => !/json-patch/.test(k)),
        );
        const msgs = pssFindings(inject(appPod(noPatch, false), injectorAgentEnv()))
            .map((f) => f.message)
            .join("\n");
        expect(msgs).toMatch(/seccomp/i);
        expect(msgs).toMatch(/vault-agent/);
    });
});
