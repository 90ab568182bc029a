/**
 * Lets gRPC's copies of a large message go once they are used (issue 15: peak memory at 10,000 objects), in the
 * process that installs it (the pack: lib/wire.ts `installWireProperties()`; the guard: guard/analyzer.ts).
 *
 * - Receiving. @grpc/grpc-js 1.14's `StreamDecoder` (build/src/stream-decoder.js), which cuts the received HTTP/2 data
 *   into messages, collects a message's chunks in `readPartialMessage`, concatenates them into the message once it
 *   is complete, and empties the list only when the NEXT message starts. A unary call has no next message, so the
 *   call keeps every chunk of its message alive until it ends: for `AnalyzeStack` at 10,000 objects, a second copy
 *   of the whole request (20 MB) next to the one the pack's handler decodes. After each `write`, a decoder that is
 *   between messages (`readState` NO_DATA) drops the list: its chunks belong to messages already returned, and the
 *   decoder empties the list itself before it uses it again.
 * - Sending. `ResolvingCall` keeps a message sent before the call has its transport (`pendingMessage`: always so for
 *   a unary call's request) after handing it on, until the call ends: the guard's whole `AnalyzeStack` request
 *   while the pack works on it. It is dropped as it is handed on: nothing reads it again (it is read only where the
 *   call gets its transport, once).
 * The messages sent and received are unchanged. With a grpc-js whose code does not look like this, nothing is
 * changed (test/policy-pack/grpc-release.test.ts pins the behaviour).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- grpc-js internals */
import * as path from "path";

const marker = Symbol.for("hardened-cluster.grpcRelease");

/** The grpc-js that @pulumi/policy's server loads (its `main` file). */
export function policyGrpcMain(): string {
    return require.resolve("@grpc/grpc-js", {
        paths: [path.dirname(require.resolve("@pulumi/policy/server"))],
    });
}

/** A module of the grpc-js whose main file is `grpcMain` (build/src/<name>.js). */
export function grpcModule(grpcMain: string, name: string): any {
    return require(path.join(path.dirname(grpcMain), `${name}.js`));
}

/** Whether the decoder looks like the one this patch is written for (fields and the NO_DATA state's value). */
function knownDecoder(StreamDecoder: any): boolean {
    if (typeof StreamDecoder !== "function" || typeof StreamDecoder.prototype?.write !== "function")
        return false;
    const d = new StreamDecoder(-1);
    return d.readState === 0 && Array.isArray(d.readPartialMessage);
}

/** Whether the call keeps a pending message as this patch expects (set in one place, read where it is sent). */
function knownResolvingCall(ResolvingCall: any): boolean {
    const p = ResolvingCall?.prototype;
    return (
        typeof p?.sendMessageOnChild === "function" &&
        typeof p?.sendMessageWithContext === "function" &&
        String(p.sendMessageWithContext).includes("this.pendingMessage = { context, message }")
    );
}

/**
 * Installs both releases into the grpc-js at `grpcMain` (idempotent). Returns which were installed (a part whose
 * grpc-js code is not the known one is left as it is).
 */
export function installGrpcRelease(grpcMain = policyGrpcMain()): { decoder: boolean; pending: boolean } {
    const StreamDecoder = grpcModule(grpcMain, "stream-decoder")?.StreamDecoder;
    const ResolvingCall = grpcModule(grpcMain, "resolving-call")?.ResolvingCall;
    let decoder = StreamDecoder?.[marker] === true;
    if (!decoder && knownDecoder(StreamDecoder)) {
        const write = StreamDecoder.prototype.write;
        StreamDecoder.prototype.write = function (this: any, data: Buffer): Buffer[] {
            const messages = write.call(this, data);
            if (this.readState === 0 && this.readPartialMessage.length > 0) this.readPartialMessage = [];
            return messages;
        };
        StreamDecoder[marker] = decoder = true;
    }
    let pending = ResolvingCall?.[marker] === true;
    if (!pending && knownResolvingCall(ResolvingCall)) {
        const send = ResolvingCall.prototype.sendMessageOnChild;
        ResolvingCall.prototype.sendMessageOnChild = function (
            this: any,
            context: unknown,
            message: unknown,
        ) {
            if (this.pendingMessage?.message === message) this.pendingMessage = null;
            return send.call(this, context, message);
        };
        ResolvingCall[marker] = pending = true;
    }
    return { decoder, pending };
}
