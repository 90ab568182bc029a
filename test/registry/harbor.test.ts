/**
 * Harbor's resource graph under mocks: every generated secret (RandomPassword results, bcrypt hashes, the token
 * key) is a known sentinel, and no resource input may hold one outside a Pulumi secret wrapper.
 */
import { MockedResource, defaultState, installMocks } from "../lib/mocks";

const sentinel = (name: string) => `SENTINEL-${name}-SECRET`;
const recorded: MockedResource[] = installMocks({
    state: (args) => {
        const state = defaultState(args);
        if (args.type === "random:index/randomPassword:RandomPassword") {
            state.result = sentinel(args.name);
            state.bcryptHash = `$2a$10$${sentinel(args.name)}-bcrypt`;
        }
        if (args.type === "tls:index/privateKey:PrivateKey") state.privateKeyPem = sentinel(args.name);
        if (args.type === "tls:index/selfSignedCert:SelfSignedCert")
            state.certPem = "-----BEGIN CERTIFICATE-----public";
        if (args.type === "aws:s3/bucket:Bucket") state.bucket = args.inputs.bucket;
        return state;
    },
    // Invokes echo their inputs, as this test always had them.
    call: (_token, inputs) => inputs,
});

import { ConfigError } from "../../components/lib/errors";
import { Harbor, HarborArgs } from "../../components/registry/harbor";
import { HarborProject } from "../../components/registry/harborProject";
import { harborImagePullSecret } from "../../components/registry/pullSecret";

const secretSig = "4dabf18193072939515e22adb298388d";
const isSecret = (v: unknown): boolean =>
    typeof v === "object" &&
    v !== null &&
    (v as Record<string, unknown>)[secretSig] === "1b47061264138c4ac30d75fd1eb44270";

/** Paths where a string containing `needle` appears outside any secret wrapper. */
function plainOccurrences(v: unknown, needle: string, path = ""): string[] {
    if (isSecret(v)) return [];
    if (typeof v === "string") return v.includes(needle) ? [path] : [];
    if (Array.isArray(v)) return v.flatMap((x, i) => plainOccurrences(x, needle, `${path}[${i}]`));
    if (typeof v === "object" && v !== null)
        return Object.entries(v).flatMap(([k, x]) => plainOccurrences(x, needle, path ? `${path}.${k}` : k));
    return [];
}

const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 200));
};

const args: HarborArgs = {
    namespace: "harbor",
    host: "harbor.example.com",
    tls: { mode: "secret", secretName: "harbor-tls" },
    monitoring: true,
    s3: {
        bucketName: "harbor-images-test",
        region: "eu-west-1",
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    },
};

describe("Harbor component graph", () => {
    let harbor: Harbor;
    beforeAll(async () => {
        harbor = new Harbor("harbor", args);
        await settle();
    });

    const of = (type: string) => recorded.filter((r) => r.type === type);

    it("generates every secret with @pulumi/random at the lengths Harbor needs", () => {
        const lengths = Object.fromEntries(
            of("random:index/randomPassword:RandomPassword").map((r) => [r.name, r.inputs.length]),
        );
        expect(lengths).toEqual({
            "harbor-admin-password": 32,
            "harbor-secret-key": 16,
            "harbor-core-secret": 16,
            "harbor-xsrf-key": 32,
            "harbor-jobservice-secret": 16,
            "harbor-registry-http-secret": 16,
            "harbor-registry-password": 32,
            "harbor-database-password": 32,
        });
    });

    it("no generated secret appears in plain text anywhere in the captured graph", () => {
        const needles = [
            ...of("random:index/randomPassword:RandomPassword").map((r) => sentinel(r.name)),
            ...of("tls:index/privateKey:PrivateKey").map((r) => sentinel(r.name)),
        ];
        expect(needles.length).toBe(9);
        const leaks = recorded
            .filter((r) => !r.type.startsWith("random:") && !r.type.startsWith("tls:"))
            .flatMap((r) =>
                needles.flatMap((n) => plainOccurrences(r.inputs, n).map((p) => `${r.type} ${r.name} ${p}`)),
            );
        expect(leaks).toEqual([]);
        // ...and they are really there, wrapped: the check above is not vacuous.
        const all = JSON.stringify(
            recorded.filter((r) => r.type === "kubernetes:core/v1:Secret").map((r) => r.inputs),
        );
        for (const n of needles) expect(all).toContain(n);
    });

    it("the Release values hold no secret at all", () => {
        const [rel] = of("kubernetes:helm.sh/v3:Release");
        expect(isSecret(rel.inputs.values)).toBe(false);
        expect(JSON.stringify(rel.inputs.values)).not.toMatch(/SENTINEL/);
        expect(rel.inputs).toMatchObject({
            chart: "harbor",
            version: "1.19.1",
            namespace: "harbor",
            name: "harbor",
            createNamespace: false,
        });
        expect((rel.inputs.repositoryOpts as Record<string, string>).repo).toBe("https://helm.goharbor.io");
    });

    it("each chart-referenced Secret exists with an explicit name, the expected keys, and secret-wrapped data", () => {
        const secrets = Object.fromEntries(
            of("kubernetes:core/v1:Secret").map((r) => [
                (r.inputs.metadata as { name: string }).name,
                r.inputs,
            ]),
        );
        const keys: Record<string, string[]> = {
            "harbor-admin-password": ["HARBOR_ADMIN_PASSWORD"],
            "harbor-secret-key": ["secretKey"],
            "harbor-core-secret": ["secret"],
            "harbor-core-xsrf": ["CSRF_KEY"],
            "harbor-jobservice-secret": ["JOBSERVICE_SECRET"],
            "harbor-registry-http-secret": ["REGISTRY_HTTP_SECRET"],
            "harbor-registry-credentials": ["REGISTRY_HTPASSWD", "REGISTRY_PASSWD"],
            "harbor-database": ["POSTGRES_PASSWORD"],
            "harbor-core-token": ["tls.crt", "tls.key"],
        };
        expect(Object.keys(secrets).sort()).toEqual(Object.keys(keys).sort());
        for (const [name, k] of Object.entries(keys)) {
            const sd = secrets[name].stringData as { value: Record<string, string> };
            expect(isSecret(sd)).toBe(true);
            expect(Object.keys(sd.value).sort()).toEqual(k);
            expect((secrets[name].metadata as { namespace: string }).namespace).toBe("harbor");
        }
        const htpasswd = (
            secrets["harbor-registry-credentials"].stringData as { value: Record<string, string> }
        ).value.REGISTRY_HTPASSWD;
        expect(htpasswd).toMatch(/^harbor_registry_user:\$2a\$/);
        // Helm adopts the database Secret
        const db = secrets["harbor-database"].metadata as {
            labels: Record<string, string>;
            annotations: Record<string, string>;
        };
        expect(db.labels["app.kubernetes.io/managed-by"]).toBe("Helm");
        expect(db.annotations).toEqual({
            "meta.helm.sh/release-name": "harbor",
            "meta.helm.sh/release-namespace": "harbor",
        });
    });

    it("the admin password output stays a Pulumi secret", async () => {
        const secret = await (harbor.adminPassword as unknown as { isSecret: Promise<boolean> }).isSecret;
        expect(secret).toBe(true);
    });

    it("the S3 bucket is encrypted with KMS, fully blocked from public access and TLS-only", () => {
        const [enc] = of(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        );
        expect(enc.inputs.rules).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true },
        ]);
        const [pab] = of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        expect(pab.inputs).toMatchObject({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        const [pol] = of("aws:s3/bucketPolicy:BucketPolicy");
        const doc = JSON.parse(pol.inputs.policy as string);
        expect(doc.Statement[0]).toMatchObject({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        const [bucket] = of("aws:s3/bucket:Bucket");
        expect(bucket.inputs).toMatchObject({ bucket: "harbor-images-test", forceDestroy: false });
    });

    it("the registry's IRSA role reaches only its own bucket, and its ServiceAccount carries the role", () => {
        const rp = of("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "harbor-registry")!;
        const doc = JSON.parse(rp.inputs.policy as string);
        const resources = doc.Statement.flatMap((s: { Resource: string | string[] }) => [s.Resource].flat());
        expect(resources.every((r: string) => r.startsWith("arn:aws:mock:::harbor-images"))).toBe(true);
        expect(JSON.stringify(doc)).not.toMatch(/"s3:\*"|"\*"/);
        const role = of("aws:iam/role:Role").find((r) => r.name === "harbor-registry")!;
        expect(role.inputs.assumeRolePolicy as string).toContain(
            "system:serviceaccount:harbor:harbor-registry",
        );
        const [sa] = of("kubernetes:core/v1:ServiceAccount");
        expect(sa.inputs).toMatchObject({
            metadata: { name: "harbor-registry", namespace: "harbor" },
            automountServiceAccountToken: false,
        });
        expect(
            (sa.inputs.metadata as { annotations: Record<string, string> }).annotations[
                "eks.amazonaws.com/role-arn"
            ],
        ).toMatch(/^arn:/);
    });

    it("registers no NetworkPolicy of its own: the flow catalogue is their only author (issue 13, item 16)", () => {
        expect(of("kubernetes:networking.k8s.io/v1:NetworkPolicy")).toEqual([]);
    });

    it("bad Args throw a ConfigError, one line per problem, before registering anything", () => {
        const before = recorded.length;
        let err: unknown;
        try {
            new Harbor("bad", {
                namespace: "Harbor NS",
                host: "localhost",
                tls: { mode: "alb", acmCertificateArn: "nope" },
            });
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(ConfigError);
        const lines = (err as ConfigError).problems;
        expect(lines.some((l) => l.startsWith("HarborArgs.host:"))).toBe(true);
        expect(lines.some((l) => l.startsWith("HarborArgs.tls.acmCertificateArn:"))).toBe(true);
        expect(lines.some((l) => l.startsWith("HarborArgs.namespace:"))).toBe(true);
        expect(recorded.length).toBe(before);
    });

    it("HarborProject gets the admin password as a secret and its pull secret stays one in the app namespace", async () => {
        const project = new HarborProject("apps", {
            harborUrl: harbor.url,
            password: harbor.adminPassword,
            projectName: "apps",
        });
        harborImagePullSecret("apps-pull", {
            namespace: "team-a",
            registryHost: "harbor.example.com",
            username: project.robotFullName,
            password: project.robotSecret,
        });
        await settle();
        const dyn = recorded.find((r) => r.type === "pulumi-nodejs:dynamic/registry:HarborProject")!;
        expect(isSecret(dyn.inputs.password)).toBe(true);
        expect(typeof dyn.inputs.__provider === "string" || isSecret(dyn.inputs.__provider)).toBe(true);
        expect(dyn.inputs).toMatchObject({
            projectName: "apps",
            severity: "high",
            robotName: "pull",
            robotDurationDays: 90,
            username: "admin",
        });
        expect(plainOccurrences(dyn.inputs, sentinel("harbor-admin-password"))).toEqual([]);
        const ps = recorded.find((r) => r.name === "apps-pull")!;
        expect(ps.inputs.type).toBe("kubernetes.io/dockerconfigjson");
        expect(
            isSecret((ps.inputs.stringData as Record<string, unknown>)[".dockerconfigjson"]) ||
                isSecret(ps.inputs.stringData),
        ).toBe(true);
    });
});
