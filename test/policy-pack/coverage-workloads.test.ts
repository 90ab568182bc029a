/**
 * Issue 16, workloads, what does not fit the per-policy tables (cases/workloads/): the literal-secret classifiers,
 * values unknown during preview, sysctl injection beside pss-sysctls, and ephemeral containers in EVERY container
 * check of the pack (workload and PSS), each check run with the violation only in an ephemeral container.
 */
import { policies as pssPolicies } from "../../policy-pack/pss";
import {
    credentialShape,
    isSecretName,
    literalSecretReason,
} from "../../policy-pack/workloads/literal-secrets";
import {
    Obj,
    appNamespace,
    container,
    deployment,
    ephemeral,
    messages,
    namespace,
    podSpec,
    preview,
    run,
    unknownString,
} from "./coverage-helpers";
import { awsKeyId, jwt, pem } from "./cases/fixtures/secrets";

describe("literal secrets", () => {
    test("key names: credentials, not their descriptions", () => {
        for (const n of [
            "DB_PASSWORD",
            "password",
            "dbPassword",
            "API_KEY",
            "apiKey",
            "GITHUB_TOKEN",
            "client_secret",
            "AWS_SECRET_ACCESS_KEY",
            "db.pass",
        ])
            expect({ n, secret: isSecretName(n) }).toEqual({ n, secret: true });
        for (const n of [
            "PASSWORD_FILE",
            "TOKEN_URL",
            "SECRET_NAME",
            "VAULT_ADDR",
            "TOKEN_PATH",
            "LOG_LEVEL",
            "passport",
            "TOKENIZER_MODEL",
            "PASSWORD_MIN_LENGTH",
        ])
            expect({ n, secret: isSecretName(n) }).toEqual({ n, secret: false });
    });

    test("value shapes: private key, AWS key, JWT, URL with a password, GitHub and Slack tokens", () => {
        expect(credentialShape(pem)).toBe("a PEM private key");
        expect(credentialShape("-----BEGIN OPENSSH PRIVATE KEY-----")).toBe("a PEM private key");
        expect(credentialShape(awsKeyId)).toBe("an AWS access key id");
        expect(credentialShape(jwt)).toBe("a JWT");
        expect(credentialShape("postgres://app:s3cretpw@db:5432/app")).toBe("a URL with a password");
        expect(credentialShape("ghp_" + "a".repeat(36))).toBe("a GitHub token");
        expect(credentialShape("xoxb-1234567890-abcdef")).toBe("a Slack token");
        for (const v of [
            "https://vault.vault.svc:8200",
            "-----BEGIN CERTIFICATE-----",
            "postgres://db:5432/app",
            "AKIA",
            "info",
        ])
            expect({ v, shape: credentialShape(v) }).toEqual({ v, shape: undefined });
    });

    test("references and settings under a secret-looking name are not literals", () => {
        for (const v of [
            "/vault/secrets/db",
            "$(DB_PASSWORD)",
            "${TOKEN}",
            "true",
            "vault:apps/data/x#pw",
            "arn:aws:secretsmanager:eu-west-1:1:secret:x",
        ])
            expect({ v, r: literalSecretReason("DB_PASSWORD", v) }).toEqual({ v, r: undefined });
        expect(literalSecretReason("DB_PASSWORD", "hunter22")).toMatch(/name says it holds a credential/);
        expect(literalSecretReason("app.properties", "url=jdbc:x\ndb.password=hunter22\n")).toMatch(
            /config file that sets "db.password"/,
        );
        expect(literalSecretReason("app.yaml", "password: /run/secrets/pw\nlevel: info\n")).toBeUndefined();
    });

    // no-literal-secrets and app-no-literal-secrets, pass and fail: cases/workloads/*literal-secrets.cases.ts.
    test("no-literal-secrets: a value unknown during preview is skipped, the rest still checked", () => {
        const d = deployment(
            podSpec({
                containers: [
                    container({
                        env: [
                            { name: "A_TOKEN", value: unknownString },
                            { name: "B_PASSWORD", value: "hunter22" },
                        ],
                    }),
                ],
            }),
        );
        d.props = preview(d.props);
        expect(messages("no-literal-secrets", d)).toEqual([expect.stringContaining('env "B_PASSWORD"')]);
    });
});

// app-no-root-group: cases/workloads/app-no-root-group.cases.ts.

describe("sysctl-value-injection (CVE-2022-0811)", () => {
    const withSysctls = (sysctls: Obj[]) =>
        deployment(podSpec({ securityContext: { runAsNonRoot: true, sysctls } }));

    // Pass and fail: cases/workloads/sysctl-value-injection.cases.ts.
    test("pss-sysctls alone does not catch it: the names are in the safe set", () => {
        const d = withSysctls([{ name: "kernel.shm_rmid_forced", value: "1+kernel.core_pattern=|/x" }]);
        const pss = pssPolicies.find((p) => p.name === "pss-sysctls")!;
        expect(
            pss.kind === "stack" &&
                pss.check([namespace("apps", { "pod-security.kubernetes.io/enforce": "baseline" }), d], {}),
        ).toEqual([]);
        expect(run("sysctl-value-injection", d)).toHaveLength(1);
    });
});

/**
 * Every container-level check of the pack, with its violation ONLY in an ephemeral container: the check must name
 * `ephemeralContainers[0]` (workload policies) or the container "debug" (PSS policies, PSA's own wording).
 */
describe("ephemeral containers in every container check", () => {
    const debug = (over: Obj) => ephemeral(over);
    const cases: Array<[string, Obj, string?]> = [
        ["allowed-image-registries", debug({ image: "evil.example/x:1@sha256:" + "b".repeat(64) })],
        ["image-tag-pinned", debug({ image: "registry.k8s.io/busybox:latest" })],
        ["image-digest-pinned", debug({ image: "registry.k8s.io/busybox:1.36" })],
        [
            "read-only-root-filesystem",
            debug({ securityContext: { ...container().securityContext, readOnlyRootFilesystem: false } }),
        ],
        [
            "no-secret-env-vars",
            debug({ env: [{ name: "X", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] }),
        ],
        ["no-literal-secrets", debug({ env: [{ name: "DB_PASSWORD", value: "hunter22" }] })],
    ];
    test.each(cases)("%s", (name, c) => {
        const found = messages(name, deployment(podSpec({ ephemeralContainers: [c] })));
        expect(found).toEqual([expect.stringContaining('ephemeralContainers[0] "debug"')]);
    });

    test("app-image-digest-pinned", () => {
        const spec = podSpec({ ephemeralContainers: [debug({ image: "registry.k8s.io/busybox:1.36" })] });
        expect(messages("app-image-digest-pinned", [appNamespace("apps"), deployment(spec)])).toEqual([
            expect.stringContaining('ephemeralContainers[0] "debug"'),
        ]);
    });

    test("container-resources and container-probes skip ephemeral containers: the API forbids resources and probes there", () => {
        const spec = podSpec({ ephemeralContainers: [debug({})] });
        expect(run("container-resources", deployment(spec))).toEqual([]);
        expect(run("container-probes", deployment(spec))).toEqual([]);
        // ...while the same container as a regular one is reported: the checks do run on the pod.
        expect(
            run("container-resources", deployment(podSpec({ containers: [container(), debug({})] }))),
        ).toHaveLength(1);
    });

    const pss: Array<[string, Obj]> = [
        ["pss-privileged", { privileged: true }],
        ["pss-allow-privilege-escalation", { allowPrivilegeEscalation: true }],
        ["pss-capabilities", { capabilities: { add: ["SYS_ADMIN"], drop: ["ALL"] } }],
        ["pss-run-as-non-root", { runAsNonRoot: false }],
        ["pss-run-as-user", { runAsUser: 0 }],
        ["pss-seccomp", { seccompProfile: { type: "Unconfined" } }],
        ["pss-selinux", { seLinuxOptions: { type: "spc_t" } }],
        ["pss-proc-mount", { procMount: "Unmasked" }],
        ["pss-app-armor", { appArmorProfile: { type: "Unconfined" } }],
        ["pss-windows-host-process", { windowsOptions: { hostProcess: true } }],
    ];
    test.each(pss)("%s", (name, sc) => {
        const spec = podSpec({
            ephemeralContainers: [debug({ securityContext: { ...container().securityContext, ...sc } })],
        });
        const found = messages(name, [
            namespace("apps", { "pod-security.kubernetes.io/enforce": "restricted" }),
            deployment(spec),
        ]);
        expect(found).toEqual([expect.stringContaining('"debug"')]);
        // The same pod without the ephemeral container passes.
        expect(
            run(name, [
                namespace("apps", { "pod-security.kubernetes.io/enforce": "restricted" }),
                deployment(podSpec()),
            ]),
        ).toEqual([]);
    });

    test("pss-host-ports and pss-host-probes", () => {
        const ns = namespace("apps", { "pod-security.kubernetes.io/enforce": "restricted" });
        const ports = podSpec({
            ephemeralContainers: [debug({ ports: [{ containerPort: 80, hostPort: 80 }] })],
        });
        expect(messages("pss-host-ports", [ns, deployment(ports)])).toEqual([
            expect.stringContaining('"debug"'),
        ]);
        const probes = podSpec({
            ephemeralContainers: [
                debug({ lifecycle: { postStart: { httpGet: { host: "169.254.169.254", port: 80 } } } }),
            ],
        });
        expect(messages("pss-host-probes", [ns, deployment(probes)])).toEqual([
            expect.stringContaining('"debug"'),
        ]);
    });
});
