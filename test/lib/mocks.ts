/**
 * Minimal Pulumi mocks for component unit tests: every resource's state is its inputs plus an id, and the few AWS
 * invokes our components call return fixed, documented values. Resources are recorded for assertions.
 * (The guard in guard/ records far more - parents, dependencies, secrets; use it for graph-level tests.)
 */
import * as pulumi from "@pulumi/pulumi";
import { answerInvoke, mockAccountId } from "../../guard/invokes";

export interface MockedResource {
    type: string;
    name: string;
    inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export { mockAccountId };

/**
 * Results of the data-source invokes our components use: the guard's offline answers (guard/invokes.ts), except that
 * unit tests call as an IAM user (the guard calls as an assumed role, to exercise the role-ARN mapping).
 */
export function mockInvoke(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
    if (token === "aws:index/getCallerIdentity:getCallerIdentity")
        return {
            accountId: mockAccountId,
            arn: `arn:aws:iam::${mockAccountId}:user/deployer`,
            userId: "AIDMOCK",
            id: mockAccountId,
        };
    return answerInvoke(token, inputs) ?? inputs;
}

/** Installs mocks and returns the list that fills as resources register. */
export function installMocks(
    opts: { project?: string; stack?: string; preview?: boolean } = {},
): MockedResource[] {
    const resources: MockedResource[] = [];
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs });
                return {
                    id: `${args.name}-id`,
                    state: { ...args.inputs, arn: `arn:aws:mock:::${args.name}` },
                };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return mockInvoke(args.token, args.inputs);
            },
        },
        opts.project ?? "blueprint",
        opts.stack ?? "test",
        opts.preview ?? false,
    );
    return resources;
}

/** Resolves an Output's value in tests (mocks run with known values). */
export function valueOf<T>(o: pulumi.Output<T> | T): Promise<T> {
    if (!pulumi.Output.isInstance(o)) return Promise.resolve(o);
    return new Promise((resolve) => (o as pulumi.Output<T>).apply((v) => resolve(v)));
}

/** Waits for pending registrations to reach the mock monitor. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
}
