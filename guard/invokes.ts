/**
 * Offline answers to the provider functions (invokes) the blueprint calls. A real preview asks AWS; the guard
 * answers with fixed, obviously fake values. Any other invoke is reported on stderr and answered with {}.
 * `--invokes FILE` replaces answers per token (loadInvokeOverrides), so cases such as an IAM Identity Center session
 * or an account without the Auto Scaling service-linked role run offline.
 */
import * as fs from "fs";
import { GuardInputError } from "./model";

export const mockAccountId = "123456789012";
export const mockRegion = "eu-west-1";

/** Answers by invoke token; each receives the invoke's inputs. */
export type InvokeAnswers = Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
/** `--invokes` answers: the result of each overridden invoke, by token, whatever its inputs (plain JSON data). */
export type InvokeOverrides = Record<string, Record<string, unknown>>;

/** What aws.iam.getSessionContext answers: for an assumed-role session, its role (no path in the mock account). */
function sessionContext(inputs: Record<string, unknown>): Record<string, unknown> {
    const arn = String(inputs.arn ?? "");
    const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
    return m
        ? {
              arn,
              issuerArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`,
              issuerName: m[3],
              issuerId: "AROAMOCK",
              sessionName: m[4],
              id: arn,
          }
        : { arn, issuerArn: arn, issuerName: "", issuerId: "", sessionName: "", id: arn };
}

const answers: InvokeAnswers = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: mockAccountId,
        arn: `arn:aws:sts::${mockAccountId}:assumed-role/deployer/session`,
        userId: "AROAMOCK:session",
        id: mockAccountId,
    }),
    "aws:iam/getSessionContext:getSessionContext": sessionContext,
    "aws:index/getRegion:getRegion": () => ({
        name: mockRegion,
        region: mockRegion,
        id: mockRegion,
        endpoint: `ec2.${mockRegion}.amazonaws.com`,
    }),
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        id: "aws",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
        names: [`${mockRegion}a`, `${mockRegion}b`, `${mockRegion}c`],
        zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"],
        id: mockRegion,
    }),
    // The mock account has used EC2 Auto Scaling: its service-linked role exists (an --invokes file can say not).
    "aws:iam/getRoles:getRoles": (inputs) =>
        String(inputs.nameRegex ?? "").includes("AWSServiceRoleForAutoScaling")
            ? {
                  arns: [
                      `arn:aws:iam::${mockAccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
                  ],
                  names: ["AWSServiceRoleForAutoScaling"],
                  id: "AWSServiceRoleForAutoScaling",
              }
            : { arns: [], names: [], id: "none" },
};

export function isMockedInvoke(token: string, overrides: InvokeOverrides = {}): boolean {
    return Object.prototype.hasOwnProperty.call(overrides, token) || token in answers;
}

export function answerInvoke(
    token: string,
    inputs: Record<string, unknown>,
    overrides: InvokeOverrides = {},
): Record<string, unknown> | undefined {
    if (Object.prototype.hasOwnProperty.call(overrides, token))
        return JSON.parse(JSON.stringify(overrides[token])) as Record<string, unknown>;
    return answers[token]?.(inputs);
}

const TOKEN = /^[A-Za-z][\w-]*:[\w/.-]*:[A-Za-z]\w*$/;

/**
 * Reads an `--invokes` file: a JSON object mapping invoke tokens (`aws:iam/getSessionContext:getSessionContext`) to
 * the object that invoke returns, whatever its inputs. Anything else is a GuardInputError (exit 2, one line).
 */
export function loadInvokeOverrides(file: string): InvokeOverrides {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new GuardInputError(
            `--invokes ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`,
        );
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new GuardInputError(`--invokes ${file}: not JSON (${(e as Error).message.split("\n")[0]})`);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
        throw new GuardInputError(`--invokes ${file}: expected an object of {"<invoke token>": {<result>}}`);
    const out: InvokeOverrides = {};
    for (const [token, result] of Object.entries(doc)) {
        if (!TOKEN.test(token))
            throw new GuardInputError(
                `--invokes ${file}: "${token}" is not an invoke token such as aws:iam/getSessionContext:getSessionContext`,
            );
        if (typeof result !== "object" || result === null || Array.isArray(result))
            throw new GuardInputError(`--invokes ${file}: the answer to ${token} must be an object`);
        out[token] = result as Record<string, unknown>;
    }
    return out;
}
