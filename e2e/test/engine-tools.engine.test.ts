/**
 * Our own engine pieces over their real gRPC protocol (part of `npm run test:engine`): the language host's
 * GetPluginInfo and GetRequiredPackages on this project, and the random/tls stand-in's Create of each resource the
 * blueprint uses, with the generated certificate chain checked by Node's crypto.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as grpc from "@grpc/grpc-js";
import { projectRoot } from "../lib/capture";
import { toolPaths } from "../lib/tools";
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated gRPC stubs */
const langGrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
const langPb = require("@pulumi/pulumi/proto/language_pb");
const provGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provPb = require("@pulumi/pulumi/proto/provider_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");

const started: ChildProcess[] = [];

/** Starts a plugin binary and resolves with its port (the first line of its stdout). */
function startPlugin(binary: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const p = spawn(binary, [], { stdio: ["ignore", "pipe", "inherit"] });
        started.push(p);
        p.on("error", reject);
        p.stdout?.once("data", (d: Buffer) => resolve(Number(d.toString().trim().split("\n")[0])));
    });
}

function call<T>(client: any, method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
        client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
    );
}

let tools: Record<"pulumi-language-nodejs" | "pulumi-resource-standin", string>;
beforeAll(() => {
    tools = toolPaths(["pulumi-language-nodejs", "pulumi-resource-standin"]);
});
afterAll(() => {
    for (const p of started) p.kill("SIGKILL");
});

test("the language host reports its version and the program's resource plugins from node_modules", async () => {
    const port = await startPlugin(tools["pulumi-language-nodejs"]);
    const client = new langGrpc.LanguageRuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const info = await call<any>(client, "getPluginInfo", new emptyPb.Empty());
    expect(info.getVersion()).toBe(require("@pulumi/pulumi/package.json").version);
    const req = new langPb.GetRequiredPackagesRequest();
    const prog = new langPb.ProgramInfo();
    prog.setRootDirectory(projectRoot);
    prog.setProgramDirectory(projectRoot);
    prog.setEntryPoint(".");
    req.setInfo(prog);
    const res = await call<any>(client, "getRequiredPackages", req);
    const pkgs = new Map<string, string>(
        res.getPackagesList().map((p: any) => [p.getName(), p.getVersion()] as [string, string]),
    );
    for (const name of ["kubernetes", "random", "tls", "aws", "vault"])
        expect(pkgs.get(name)).toBe(`v${require(`@pulumi/${name}/package.json`).version}`);
    client.close();
});

test("the random/tls stand-in creates a password with its bcrypt hash and a CA-signed server certificate", async () => {
    const port = await startPlugin(tools["pulumi-resource-standin"]);
    const client = new provGrpc.ResourceProviderClient(
        `127.0.0.1:${port}`,
        grpc.credentials.createInsecure(),
    );
    const create = async (type: string, name: string, inputs: Record<string, unknown>) => {
        const req = new provPb.CreateRequest();
        req.setUrn(`urn:pulumi:t::p::${type}::${name}`);
        req.setProperties(structPb.Struct.fromJavaScript(inputs));
        const res = await call<any>(client, "create", req);
        expect(res.getId()).toMatch(/^standin-/);
        return res.getProperties().toJavaScript() as Record<string, string>;
    };
    const pw = await create("random:index/randomPassword:RandomPassword", "pw", {
        length: 24,
        special: false,
    });
    expect(pw.result).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(pw.bcryptHash).toMatch(/^\$2a\$10\$/);

    const caKey = await create("tls:index/privateKey:PrivateKey", "ca", {
        algorithm: "ECDSA",
        ecdsaCurve: "P256",
    });
    const ca = await create("tls:index/selfSignedCert:SelfSignedCert", "ca", {
        privateKeyPem: caKey.privateKeyPem,
        subject: { commonName: "test-ca" },
        isCaCertificate: true,
        validityPeriodHours: 24,
        allowedUses: ["cert_signing", "crl_signing"],
    });
    const key = await create("tls:index/privateKey:PrivateKey", "srv", { algorithm: "RSA", rsaBits: 2048 });
    const csr = await create("tls:index/certRequest:CertRequest", "srv", {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: "vault" },
        dnsNames: ["vault", "vault.vault.svc"],
    });
    const cert = await create("tls:index/locallySignedCert:LocallySignedCert", "srv", {
        certRequestPem: csr.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: ca.certPem,
        validityPeriodHours: 24,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    });
    const caX = new crypto.X509Certificate(ca.certPem);
    const srvX = new crypto.X509Certificate(cert.certPem);
    expect(caX.ca).toBe(true);
    expect(srvX.verify(caX.publicKey)).toBe(true);
    expect(srvX.checkHost("vault.vault.svc")).toBe("vault.vault.svc");
    expect(srvX.checkPrivateKey(crypto.createPrivateKey(key.privateKeyPem))).toBe(true);

    const bad = new provPb.CreateRequest();
    bad.setUrn("urn:pulumi:t::p::random:index/randomUuid:RandomUuid::u");
    bad.setProperties(structPb.Struct.fromJavaScript({}));
    await expect(call(client, "create", bad)).rejects.toThrow(/not implemented/);
    client.close();
});
