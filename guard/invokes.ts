/**
 * Offline answers to the provider functions (invokes) the blueprint calls. A real preview asks AWS; the guard
 * answers with fixed, obviously fake values. Any other invoke is reported on stderr and answered with {}.
 */
export const mockAccountId = "123456789012";
export const mockRegion = "eu-west-1";

const answers: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: mockAccountId,
        arn: `arn:aws:sts::${mockAccountId}:assumed-role/deployer/session`,
        userId: "AROAMOCK:session",
        id: mockAccountId,
    }),
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
};

export function isMockedInvoke(token: string): boolean {
    return token in answers;
}

export function answerInvoke(
    token: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
    return answers[token]?.(inputs);
}
