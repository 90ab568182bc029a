/**
 * Analyze requests and AnalyzeStack entries are written from cached option and provider bytes
 * (guard/analyzer.ts fastTail) instead of jspb messages per resource: byte for byte the messages jspb builds
 * (`analyzeRequestMessage`, `stackResourceMessage`), on manifests and on seeded random resources (unicode and lone
 * surrogates, empty strings, every option, parents, providers, dependencies).
 */
import * as path from "path";
import { mulberry32 } from "../../bench/synthetic";
import { PolicyPackProcess } from "../../guard/analyzer";
import { captureManifests } from "../../guard/manifests";
import { defaultOptions, GuardResource } from "../../guard/model";
import { randomJson } from "../lib/random-json";
import { bytesDiff } from "../lib/bytes";

const fixtures = path.resolve(__dirname, "../fixtures/manifests");

function same(rs: GuardResource[], byUrn: Map<string, GuardResource>): void {
    for (const r of rs) {
        const props = r.custom ? PolicyPackProcess.structBytes(r.inputs) : undefined;
        expect([
            r.urn,
            bytesDiff(
                PolicyPackProcess.analyzeRequest(r, byUrn, props),
                PolicyPackProcess.analyzeRequestMessage(r, byUrn, props),
            ),
            bytesDiff(
                PolicyPackProcess.stackResource(r, byUrn),
                PolicyPackProcess.stackResourceMessage(r, byUrn),
            ),
        ]).toEqual([r.urn, undefined, undefined]);
    }
}

describe("requests from cached option and provider bytes == jspb's messages", () => {
    test("manifests", () => {
        const rs = captureManifests([fixtures], "manifests", "dev");
        same(rs, new Map(rs.map((r) => [r.urn, r])));
    });

    test("seeded random resources", () => {
        const rand = mulberry32(42);
        const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
        const strings = ["", "a", "é", "日本", "😀", "\ud800", "x\udfffy", "\ud83d\ude00\ud83d", "urn:pulumi:dev::p::t::n"]; // prettier-ignore
        const providers: GuardResource[] = [0, 1].map((i) => ({
            urn: `urn:pulumi:dev::p::pulumi:providers:kubernetes::p${i}`,
            type: "pulumi:providers:kubernetes",
            name: `p${i}`,
            custom: true,
            dependencies: [],
            propertyDependencies: {},
            options: defaultOptions(),
            inputs: { kubeconfig: pick(strings), n: i },
            outputs: {},
        }));
        const rs: GuardResource[] = [...providers];
        for (let i = 0; i < 400; i++) {
            const options = {
                ...defaultOptions(),
                protect: rand() < 0.3,
                ignoreChanges: rand() < 0.3 ? [pick(strings), "spec"] : [],
                additionalSecretOutputs: rand() < 0.2 ? ["data"] : [],
                aliases: rand() < 0.2 ? [pick(strings)] : [],
                ...(rand() < 0.3 ? { deleteBeforeReplace: rand() < 0.5 } : {}),
                ...(rand() < 0.3
                    ? { customTimeouts: { create: "10m", delete: pick(["1h30m", "45s", ""]) } }
                    : {}),
            };
            const inputs = { v: randomJson(rand, 3, [0, -0, 1.5, 2 ** 53 + 2]) };
            rs.push({
                urn: rand() < 0.9 ? `urn:pulumi:dev::p::kubernetes:core/v1:Pod::${pick(strings)}${i}` : "",
                type: pick(["kubernetes:core/v1:Pod", "", "t😀", "t\ud800"]),
                name: pick(strings),
                custom: rand() < 0.9,
                ...(rand() < 0.7 ? { parent: pick([providers[0].urn, "", pick(strings)]) } : {}),
                ...(rand() < 0.8 ? { provider: `${pick(providers).urn}::${pick(["id", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"])}` } : {}), // prettier-ignore
                dependencies: rand() < 0.2 ? [providers[0].urn, ""] : [],
                propertyDependencies: rand() < 0.2 ? { a: rand() < 0.5 ? [] : [providers[1].urn] } : {},
                options,
                inputs,
                outputs: rand() < 0.5 ? inputs : { o: pick(strings) },
            });
        }
        same(rs, new Map(rs.map((r) => [r.urn, r])));
    });
});
