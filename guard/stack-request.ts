/**
 * The bytes of one `AnalyzeStack` request, written as its resources are produced (issue 15: peak memory at 10,000
 * objects). An AnalyzeStackRequest is its `resources` (field 1) one after the other, each as tag, length and the
 * encoded AnalyzerResource: exactly what serializing the message would produce (test/guard/pipeline.test.ts).
 *
 * Each entry is copied, with its tag and length, into large blocks as it is produced: the small buffers the entries
 * are encoded in share Node's buffer pool with the Analyze requests, and keeping them would keep those requests'
 * memory too. `take()` hands out the request as ONE buffer, once: the blocks are let go as they are copied into it
 * and the request then holds nothing, so the caller can give gRPC the only copy of it (guard/analyzer.ts
 * `analyzeStackEncoded`) instead of the blocks, the assembled request and gRPC's framed copy living side by side
 * (three copies of tens of megabytes at 10,000 objects).
 */

import { varintSize } from "../lib/protowire";

/** Size of a block (an entry larger than this gets a block of its own). */
export const stackBlockSize = 1 << 20;

function writeVarint(out: Uint8Array, pos: number, n: number): number {
    while (n > 0x7f) {
        out[pos++] = (n & 0x7f) | 0x80;
        n = Math.floor(n / 128);
    }
    out[pos++] = n;
    return pos;
}

/** The tag of AnalyzeStackRequest.resources: field 1, length-delimited. */
const resourcesTag = (1 << 3) | 2;

export class StackRequest {
    /** Filled blocks (each `[buffer, bytes used]`), then the block being filled. */
    private blocks: Array<[Buffer, number]> = [];
    private block = Buffer.allocUnsafeSlow(0);
    private used = 0;
    private count = 0;
    private length = 0;
    private taken = false;

    /** `blockSize`: the size of a block (tests use small ones). */
    constructor(private readonly blockSize = stackBlockSize) {}

    /** Appends the encoded AnalyzerResource of resource `i` (`i` must be the number of resources added so far). */
    set(i: number, resource: Uint8Array): void {
        if (this.taken) throw new Error("internal: AnalyzeStack request already taken");
        if (i !== this.count)
            throw new Error(
                `internal: AnalyzeStack resource ${i} added out of order (expected ${this.count})`,
            );
        const size = varintSize(resourcesTag) + varintSize(resource.length) + resource.length;
        if (this.used + size > this.block.length) {
            if (this.used > 0) this.blocks.push([this.block, this.used]);
            this.block = Buffer.allocUnsafeSlow(Math.max(this.blockSize, size));
            this.used = 0;
        }
        let pos = writeVarint(this.block, this.used, resourcesTag);
        pos = writeVarint(this.block, pos, resource.length);
        this.block.set(resource, pos);
        this.used = pos + resource.length;
        this.length += size;
        this.count++;
    }

    /** Resources added. */
    get resources(): number {
        return this.count;
    }

    /** Bytes held in blocks (0 once taken). */
    get heldBytes(): number {
        let n = this.block.length;
        for (const [b] of this.blocks) n += b.length;
        return n;
    }

    /**
     * The request's bytes, once: each block is released as it is copied, and this object holds nothing afterwards
     * (a second call is an internal error, not an empty request).
     */
    take(): Buffer {
        if (this.taken) throw new Error("internal: AnalyzeStack request already taken");
        this.taken = true;
        if (this.used > 0) this.blocks.push([this.block, this.used]);
        this.block = Buffer.allocUnsafeSlow(0);
        this.used = 0;
        const blocks = this.blocks;
        this.blocks = [];
        const out = Buffer.allocUnsafeSlow(this.length);
        let pos = 0;
        for (let k = 0; k < blocks.length; k++) {
            const [b, used] = blocks[k];
            out.set(b.subarray(0, used), pos);
            pos += used;
            blocks[k] = undefined as unknown as [Buffer, number];
        }
        if (pos !== this.length) throw new Error("internal: AnalyzeStack request length mismatch");
        return out;
    }

    /** A request of already-encoded AnalyzerResources, in order. */
    static of(resources: Iterable<Uint8Array>, blockSize = stackBlockSize): StackRequest {
        const req = new StackRequest(blockSize);
        let i = 0;
        for (const r of resources) req.set(i++, r);
        return req;
    }
}
