/**
 * Test helpers for the Vault component: Pulumi mocks that give @pulumi/tls and AWS resources realistic outputs
 * (PEMs, key ids, ARNs), and a reader for values that Pulumi marks secret in the mocked inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { parse } from "@cdktf/hcl2json";
import { MockedResource, defaultState, installMocks } from "../lib/mocks";

export type Recorded = MockedResource;

/** Pulumi's wire marker of a secret value (runtime/rpc specialSigKey/specialSecretSig). */
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

/** True when a mocked input value was sent as a Pulumi secret. */
export function isSecretInput(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[sigKey] === secretSig;
}

/** The plain value of a mocked input, secret or not. */
export function plain<T>(v: unknown): T {
    return (isSecretInput(v) ? (v as { value: T }).value : v) as T;
}

/** The one harness's mocks (test/lib/mocks.ts), with realistic @pulumi/tls PEMs, KMS key ids and IAM role ARNs. */
export function installVaultMocks(): Recorded[] {
    return installMocks({
        state: (args) => {
            const state = defaultState(args);
            switch (args.type) {
                case "tls:index/privateKey:PrivateKey":
                    state.privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${args.name}\n-----END PRIVATE KEY-----\n`;
                    break;
                case "tls:index/selfSignedCert:SelfSignedCert":
                    state.certPem = `-----BEGIN CERTIFICATE-----\nCA ${args.name}\n-----END CERTIFICATE-----\n`;
                    break;
                case "tls:index/certRequest:CertRequest":
                    state.certRequestPem = `-----BEGIN CERTIFICATE REQUEST-----\n${args.name}\n-----END CERTIFICATE REQUEST-----\n`;
                    break;
                case "tls:index/locallySignedCert:LocallySignedCert":
                    state.certPem = `-----BEGIN CERTIFICATE-----\nSERVER ${args.name}\n-----END CERTIFICATE-----\n`;
                    break;
                case "aws:kms/key:Key":
                    state.keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
                    state.arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
                    break;
                case "aws:iam/role:Role":
                    state.arn = `arn:aws:iam::123456789012:role/${args.name}`;
                    break;
            }
            return state;
        },
    });
}

/** Waits until registrations (including those inside apply callbacks) reach the mock monitor. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 20));
    }
}

export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Parses HCL with HashiCorp's parser (hcl2json); the result is untyped JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed HCL is untyped JSON
export async function parseHcl(text: string): Promise<Record<string, any>> {
    return parse("test.hcl", text);
}
