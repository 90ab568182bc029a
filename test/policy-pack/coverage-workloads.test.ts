/**
 * Issue 16, workloads: literal secrets (advisory everywhere, mandatory in app namespaces, value never printed), root
 * group IDs in app namespaces, sysctl value injection (CVE-2022-0811), and ephemeral containers in EVERY container
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
    configMap,
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

const awsKeyId = "AKIA" + "IOSFODNN7EXAMPLE";
const jwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";

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

    test("no-literal-secrets (advisory): env values in every container list and ConfigMap data; never prints the value", () => {
        expect(messages("no-literal-secrets", deployment())).toEqual([]);
        const env = [
            { name: "DB_PASSWORD", value: "hunter22" },
            { name: "LOG_LEVEL", value: "info" },
            { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
        ];
        const found = messages(
            "no-literal-secrets",
            deployment(podSpec({ containers: [container({ env })] })),
        );
        expect(found).toEqual([
            'Deployment "web" containers[0] "app" env "DB_PASSWORD" holds a literal credential: its name says it holds a credential and its value is a literal (value not shown).',
        ]);
        const init = messages(
            "no-literal-secrets",
            deployment(
                podSpec({ initContainers: [container({ name: "init", env: [{ name: "X", value: jwt }] })] }),
            ),
        );
        expect(init).toEqual([
            expect.stringMatching(/initContainers\[0\] "init" env "X" .*looks like a JWT/),
        ]);
        const eph = messages(
            "no-literal-secrets",
            deployment(
                podSpec({
                    ephemeralContainers: [
                        ephemeral({ env: [{ name: "AWS_ACCESS_KEY_ID", value: awsKeyId }] }),
                    ],
                }),
            ),
        );
        expect(eph).toEqual([
            expect.stringMatching(
                /ephemeralContainers\[0\] "debug" env "AWS_ACCESS_KEY_ID" .*AWS access key id/,
            ),
        ]);
        const cm = messages(
            "no-literal-secrets",
            configMap("cfg", { "tls.key": pem, "api-token": "abcd1234efgh", level: "info" }),
        );
        expect(cm).toEqual([
            'ConfigMap "cfg" data key "tls.key" holds a literal credential: its value looks like a PEM private key (value not shown).',
            'ConfigMap "cfg" data key "api-token" holds a literal credential: its name says it holds a credential and its value is a literal (value not shown).',
        ]);
        for (const m of [...found, ...init, ...eph, ...cm])
            for (const secret of ["hunter22", jwt, awsKeyId, "PRIVATE KEY-----\nMII", "abcd1234efgh"])
                expect(m).not.toContain(secret);
    });

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

    test("app-no-literal-secrets (mandatory): only in app-tier namespaces of the stack", () => {
        const bad = podSpec({ containers: [container({ env: [{ name: "API_KEY", value: "k-123456" }] })] });
        const stack = [
            appNamespace("shop"),
            namespace("tools", { "blueprint.io/tier": "platform" }),
            deployment(bad, "shop", "api"),
            deployment(bad, "tools", "cli"),
            deployment(bad, "elsewhere", "x"),
            configMap("shop-cfg", { "config.env": "SMTP_PASSWORD=hunter22\n" }, "shop"),
            configMap("tools-cfg", { "config.env": "SMTP_PASSWORD=hunter22\n" }, "tools"),
        ];
        const found = run("app-no-literal-secrets", stack);
        expect(found.map((f) => f.message)).toEqual([
            'Deployment "api" containers[0] "app" env "API_KEY" in an app-tier namespace holds a literal credential: its name says it holds a credential and its value is a literal (value not shown).',
            'ConfigMap "shop-cfg" data key "config.env" in an app-tier namespace holds a literal credential: it holds a config file that sets "SMTP_PASSWORD" to a literal (value not shown).',
        ]);
        expect(found.map((f) => f.urn)).toEqual([stack[2].urn, stack[5].urn]);
        expect(run("app-no-literal-secrets", [appNamespace("shop"), deployment(podSpec(), "shop")])).toEqual(
            [],
        );
        const eph = podSpec({ ephemeralContainers: [ephemeral({ env: [{ name: "T", value: jwt }] })] });
        expect(messages("app-no-literal-secrets", [appNamespace("shop"), deployment(eph, "shop")])).toEqual([
            expect.stringContaining('ephemeralContainers[0] "debug" env "T"'),
        ]);
    });
});

describe("app-no-root-group", () => {
    const stack = (spec: Obj, ns = "shop") => [
        appNamespace("shop"),
        namespace("tools"),
        deployment(spec, ns),
    ];

    test("passes a hardened pod and non-zero groups", () => {
        expect(run("app-no-root-group", stack(podSpec()))).toEqual([]);
        const ok = podSpec({
            securityContext: {
                runAsNonRoot: true,
                runAsGroup: 65532,
                fsGroup: 65532,
                supplementalGroups: [1000],
            },
        });
        expect(run("app-no-root-group", stack(ok))).toEqual([]);
    });

    test("pod level: runAsGroup 0, fsGroup 0, supplementalGroups containing 0", () => {
        const bad = podSpec({
            securityContext: { runAsNonRoot: true, runAsGroup: 0, fsGroup: 0, supplementalGroups: [1000, 0] },
        });
        expect(messages("app-no-root-group", stack(bad))).toEqual([
            'Deployment "web" in app-tier namespace "shop" runs with the root group: spec.securityContext.runAsGroup=0, spec.securityContext.fsGroup=0, spec.securityContext.supplementalGroups contains 0.',
        ]);
    });

    test.each(["containers", "initContainers", "ephemeralContainers"])(
        "container level: runAsGroup 0 in %s",
        (list) => {
            const c = (list === "ephemeralContainers" ? ephemeral : container)({
                name: "x",
                securityContext: { runAsNonRoot: true, runAsGroup: 0 },
            });
            const spec = podSpec();
            spec[list] = [...(spec[list] ?? []), c];
            expect(messages("app-no-root-group", stack(spec))).toEqual([
                `Deployment "web" in app-tier namespace "shop" runs with the root group: ${list}[${list === "containers" ? 1 : 0}] "x" securityContext.runAsGroup=0.`,
            ]);
        },
    );

    test("outside app-tier namespaces it does not apply (restricted PSS admits GID 0)", () => {
        const bad = podSpec({ securityContext: { runAsNonRoot: true, fsGroup: 0 } });
        expect(run("app-no-root-group", stack(bad, "tools"))).toEqual([]);
        expect(run("app-no-root-group", stack(bad, "not-in-stack"))).toEqual([]);
    });
});

describe("sysctl-value-injection (CVE-2022-0811)", () => {
    const withSysctls = (sysctls: Obj[]) =>
        deployment(podSpec({ securityContext: { runAsNonRoot: true, sysctls } }));

    test("plain values pass", () => {
        expect(
            run(
                "sysctl-value-injection",
                withSysctls([{ name: "net.ipv4.ip_local_port_range", value: "1024 65000" }]),
            ),
        ).toEqual([]);
        expect(run("sysctl-value-injection", deployment())).toEqual([]);
    });

    test("+ or = inside a value is injection", () => {
        expect(
            messages(
                "sysctl-value-injection",
                withSysctls([
                    { name: "kernel.shm_rmid_forced", value: "1+kernel.core_pattern=|/var/lib/containers/x" },
                    { name: "net.ipv4.tcp_syncookies", value: "1" },
                    { name: "net.ipv4.ping_group_range", value: "0 1=2" },
                ]),
            ),
        ).toEqual([
            'Deployment "web" sysctl "kernel.shm_rmid_forced" has a value containing "+", which CRI-O before 1.23.2 reads as further sysctls (CVE-2022-0811).',
            'Deployment "web" sysctl "net.ipv4.ping_group_range" has a value containing "=", which CRI-O before 1.23.2 reads as further sysctls (CVE-2022-0811).',
        ]);
    });

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
