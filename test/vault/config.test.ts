import * as pulumi from "@pulumi/pulumi";
import { ConfigReader } from "../../config/reader";
import { parseVaultApp, readVaultConfig, readVaultToken, vaultKeys } from "../../config/vault";
import { installMocks } from "../lib/mocks";

/** A pulumi.Config stand-in over a plain map (only `get` is used by ConfigReader). */
function fakeConfig(values: Record<string, string>): pulumi.Config {
    return { get: (k: string) => values[k] } as unknown as pulumi.Config;
}

test("defaults: enabled, 3 replicas, no apps, no address (configuration pending)", () => {
    const r = new ConfigReader(fakeConfig({}), vaultKeys);
    expect(readVaultConfig(r)).toEqual({ enabled: true, replicas: 3, apps: [], address: "" });
    expect(r.problems).toEqual([]);
});

test("apps parse into name/namespace/serviceAccount/paths", () => {
    const r = new ConfigReader(
        fakeConfig({
            "vault.apps": JSON.stringify([
                "payments:payments:payments-api:payments/db,payments/stripe",
                "demo:demo:demo-app:demo/config",
            ]),
            "vault.address": "https://127.0.0.1:8200",
            "vault.replicas": "5",
        }),
        vaultKeys,
    );
    const s = readVaultConfig(r);
    expect(r.problems).toEqual([]);
    expect(s.replicas).toBe(5);
    expect(s.address).toBe("https://127.0.0.1:8200");
    expect(s.apps).toEqual([
        {
            name: "payments",
            namespace: "payments",
            serviceAccount: "payments-api",
            secretPaths: ["payments/db", "payments/stripe"],
        },
        { name: "demo", namespace: "demo", serviceAccount: "demo-app", secretPaths: ["demo/config"] },
    ]);
    expect(parseVaultApp("a:b:c:d")).toEqual({
        name: "a",
        namespace: "b",
        serviceAccount: "c",
        secretPaths: ["d"],
    });
});

test("every problem is reported, one line per key", () => {
    const r = new ConfigReader(
        fakeConfig({
            "vault.apps": JSON.stringify([
                "payments:*:payments-api:payments/db",
                "demo:demo:demo-app:demo/config",
                "demo:demo:x:demo/y",
            ]),
            "vault.address": "http://vault:8200",
            "vault.replicas": "2",
            "vault.enabled": "yes",
        }),
        vaultKeys,
    );
    readVaultConfig(r);
    const all = r.problems.join("\n");
    expect(all).toMatch(/vault\.enabled/);
    expect(all).toMatch(/vault\.replicas: Unsupported value: 2: /);
    expect(all).toMatch(/vault\.apps: Invalid value: "payments:\*/);
    expect(all).toMatch(/vault\.apps: app name "demo" appears twice/);
    expect(all).toMatch(/vault\.address: "http:\/\/vault:8200" .*https/);
    expect(() => r.done()).toThrow(/vault\.replicas/);
});

test("the token is read from the provider's own key vault:token, as a secret", async () => {
    installMocks();
    expect(readVaultToken(new pulumi.Config("vault"))).toBeUndefined();
    pulumi.runtime.setConfig("vault:token", "hvs.example");
    const token = readVaultToken()!;
    expect(await pulumi.isSecret(token)).toBe(true);
    expect(vaultKeys.map((k) => k.key)).not.toContain("vault.token");
    for (const k of vaultKeys) expect(k.secret).toBeUndefined();
});
