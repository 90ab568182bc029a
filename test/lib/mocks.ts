/**
 * The one Pulumi mocks harness of the unit tests (issue 19): the guard's capture monitor (guard/capture.ts), which
 * records every registration as the engine sees it (URN from the full chain of parent types, parent, provider,
 * dependencies, property dependencies, options, inputs), answering with a state each test may extend. Every
 * component test installs its mocks here; no test calls `pulumi.runtime.setMocks` itself.
 */
import * as pulumi from "@pulumi/pulumi";
import { installCaptureMonitor } from "../../guard/capture";
import { answerInvoke, mockAccountId } from "../../guard/invokes";
import { GuardResource } from "../../guard/model";

/** One registration: what tests assert on. */
export interface MockedResource {
    type: string;
    name: string;
    /** The inputs as Pulumi's mock monitor hands them to `newResource` (deserialized; secrets keep their wrapper). */
    inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    urn: string;
    custom: boolean;
    parent?: string;
    /** URNs this resource depends on (explicit dependsOn and input dependencies). */
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    deleteBeforeReplace: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    /** The guard's record of the same registration. */
    guard: GuardResource;
}

export { mockAccountId };

/** The registration a state is computed for (Pulumi's MockResourceArgs). */
export type MockArgs = pulumi.runtime.MockResourceArgs;

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

/** The default state of a registration: its inputs plus a mock ARN. */
export function defaultState(args: MockArgs): Record<string, unknown> {
    return { ...args.inputs, arn: `arn:aws:mock:::${args.name}` };
}

export interface MockOptions {
    project?: string;
    stack?: string;
    preview?: boolean;
    /** The state (outputs) of a registration; default `defaultState`. The id is always `<name>-id`. */
    state?: (args: MockArgs) => Record<string, unknown>;
    /** Invoke answers replacing `mockInvoke`'s, by token. */
    invokes?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
    /** Answers every invoke instead (e.g. echoing the inputs). */
    call?: (token: string, inputs: Record<string, unknown>) => Record<string, unknown>;
}

/** Installs the mocks and returns the list that fills as resources register (in the order their answers go out). */
export function installMocks(opts: MockOptions = {}): MockedResource[] {
    const resources: MockedResource[] = [];
    const state = opts.state ?? defaultState;
    installCaptureMonitor({
        project: opts.project ?? "blueprint",
        stack: opts.stack ?? "test",
        preview: opts.preview ?? false,
        // Some tests construct a component twice in one process (e.g. to test a refusal); Pulumi's mocks accept it.
        allowDuplicateUrns: true,
        log: () => undefined,
        call:
            opts.call ??
            ((token, inputs) => {
                const own = opts.invokes?.[token];
                return own ? own(inputs) : mockInvoke(token, inputs);
            }),
        newResource: (args) => ({ id: `${args.name}-id`, state: state(args) }),
        onRegister: (r, req) => {
            if (r.synthesized) return; // the engine's default providers: not registrations of the program
            resources.push({
                type: r.type,
                name: r.name,
                inputs: pulumi.runtime.deserializeProperties(req.getObject()),
                urn: r.urn,
                custom: r.custom,
                parent: r.parent,
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
                deleteBeforeReplace: !!req.getDeletebeforereplace(),
                protect: r.options.protect,
                retainOnDelete: r.options.retainOnDelete,
                guard: r,
            });
        },
    });
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
