/** Small statistics helpers for the benchmark: robust to a shared, noisy machine (medians, not means). */

/** Median of the samples (mean of the two middle values for an even count). Throws on an empty list. */
export function median(samples: readonly number[]): number {
    if (samples.length === 0) throw new Error("median of no samples");
    const s = [...samples].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median, min and max of a list of samples, plus the samples themselves. */
export interface Summary {
    median: number;
    min: number;
    max: number;
    n: number;
    samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
    return {
        median: median(samples),
        min: Math.min(...samples),
        max: Math.max(...samples),
        n: samples.length,
        samples: [...samples],
    };
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function nowMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}
