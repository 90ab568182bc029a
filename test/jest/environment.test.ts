// test/jest/environment.js formats stacks more cheaply than Jest: its output must be Jest's own for every frame of a
// file with a source map (our .ts, and installed JavaScript naming its map, as @pulumi/pulumi does), and V8's text for
// every other frame. Its speed is not tested here (no timing in npm test).
import * as fs from "fs";
import * as util from "util";
import * as pulumi from "@pulumi/pulumi";

type Frame = NodeJS.CallSite;
type Formatter = ((error: Error, frames: Frame[]) => string) & { jestFormat?: Formatter };

// The worker's own realm, where Jest installs its formatter (a test file runs in a vm context of its own).
const OuterError = (util.inspect.constructor as FunctionConstructor)("return Error")() as {
    prepareStackTrace?: Formatter;
};
const here = fs.readFileSync(__filename, "utf8").split("\n");
const lineOf = (marker: string) => here.findIndex((l) => l.includes(marker) && !l.includes("lineOf(")) + 1;

/** The error and V8's call sites of a stack made by `make` (this context's own override wins over the worker's). */
function framesOf(make: () => Error): { error: Error; frames: Frame[] } {
    let frames: Frame[] = [];
    const saved = Error.prepareStackTrace;
    Error.prepareStackTrace = (_e, f) => {
        frames = f;
        return "";
    };
    try {
        const error = make();
        void error.stack;
        return { error, frames };
    } finally {
        Error.prepareStackTrace = saved;
    }
}

const fast = OuterError.prepareStackTrace!;
const jestFormat = fast.jestFormat!;
const isMapped = (f: Frame) => {
    const file = f.getFileName() ?? "";
    return file.endsWith(".ts") || /node_modules\/@pulumi\/pulumi\//.test(file);
};

function check(error: Error, frames: Frame[]) {
    const ours = fast(error, frames).split("\n    at ");
    const jest = jestFormat(error, frames).split("\n    at ");
    expect(ours).toHaveLength(frames.length + 1);
    expect(ours[0]).toBe(jest[0]);
    frames.forEach((f, i) => expect(ours[i + 1]).toBe(isMapped(f) ? jest[i + 1] : `${f}`));
    // And once more, now from the per-call-site memo.
    expect(fast(error, frames)).toBe(ours.join("\n    at "));
    return ours;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stackTraceLimit } = require("./environment") as {
    stackTraceLimit: (v: string | undefined) => number;
};

test("test files capture Node's default stack depth (10), not Jest's 100, unless BLUEPRINT_STACK_TRACE_LIMIT says", () => {
    expect(stackTraceLimit(undefined)).toBe(10);
    expect(stackTraceLimit("")).toBe(10);
    expect(stackTraceLimit("100")).toBe(100);
    expect(Error.stackTraceLimit).toBe(stackTraceLimit(process.env.BLUEPRINT_STACK_TRACE_LIMIT));
    // The depth is really what new errors capture, here in the test file's own realm.
    const deep = (n: number): Error => (n === 0 ? new Error("deep") : deep(n - 1));
    expect(framesOf(() => deep(50)).frames).toHaveLength(Error.stackTraceLimit);
    for (const bad of ["0", "-1", "1.5", "ten", "1001"])
        expect(() => stackTraceLimit(bad)).toThrow(
            `BLUEPRINT_STACK_TRACE_LIMIT: ${JSON.stringify(bad)} is not a whole number from 1 to 1000`,
        );
});

test("the environment's formatter wraps Jest's", () => {
    expect(typeof fast).toBe("function");
    expect(typeof jestFormat).toBe("function");
});

test("frames of this .ts file are Jest's, pointing at the TypeScript line", () => {
    function thrower(): Error {
        return new Error("boom"); // marker: thrower
    }
    const { error, frames } = framesOf(() => thrower());
    const lines = check(error, frames);
    expect(lines[0]).toBe("Error: boom");
    expect(lines[1]).toMatch(
        new RegExp(`^thrower \\(.*environment\\.test\\.ts:${lineOf("marker: thrower")}:\\d+\\)$`),
    );
    // Frames without a map (Jest's own JavaScript) are there too, as V8 writes them.
    expect(frames.some((f) => !isMapped(f))).toBe(true);
});

test("frames of @pulumi/pulumi (which ships source maps) are mapped as Jest maps them", async () => {
    const captured = await new Promise<{ error: Error; frames: Frame[] }>((resolve) => {
        pulumi.output(1).apply(() => resolve(framesOf(() => new Error("in apply"))));
    });
    const pulumiFrames = captured.frames.filter((f) => /@pulumi\/pulumi\//.test(f.getFileName() ?? ""));
    expect(pulumiFrames.length).toBeGreaterThan(0);
    const lines = check(captured.error, captured.frames);
    // Jest maps them to the SDK's TypeScript sources.
    expect(lines.some((l) => /node_modules\/@pulumi\/.*\.ts:\d+:\d+\)?$/.test(l))).toBe(true);
});

test("an error with no message and a non-Error object get Jest's header", () => {
    const { error, frames } = framesOf(() => new Error());
    expect(check(error, frames)[0]).toBe("Error: ");
    const obj = { name: "", message: "m" } as Error;
    expect(fast(obj, frames).split("\n")[0]).toBe(jestFormat(obj, frames).split("\n")[0]);
});
