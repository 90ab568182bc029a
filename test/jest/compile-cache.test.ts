// test/jest/compile-cache.js: a module compiled again in the same worker is compiled from V8's cached code, and is
// the same function: same result, same file name and positions in stack traces, its own context. A different source
// (even of the same length), another file or other parameters compile anew; an entry V8 rejects is replaced.
import * as vm from "vm";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createCache, install } = require("./compile-cache.js") as {
    createCache(compile: typeof vm.compileFunction): {
        compileFunction: typeof vm.compileFunction;
        stats: { hits: number; misses: number; rejected: number };
        entries: Map<string, Buffer>;
    };
    install(): boolean;
};

const source =
    "function add(a, b) { return a + b; }\nexports.add = add;\nexports.where = () => new Error('here').stack;";

function load(compile: typeof vm.compileFunction, code: string, filename: string, context: vm.Context) {
    const fn = compile(code, ["exports"], { filename, parsingContext: context });
    const exports: Record<string, (...a: number[]) => unknown> = {};
    fn.call(undefined, exports);
    return exports;
}

test("the second compilation of a source uses the first one's code and gives the same function", () => {
    const cache = createCache(vm.compileFunction);
    const a = load(cache.compileFunction, source, "/x/a.js", vm.createContext({}));
    expect(cache.stats).toEqual({ hits: 0, misses: 1, rejected: 0 });
    const context = vm.createContext({ marker: 1 });
    const again = load(cache.compileFunction, source, "/x/a.js", context);
    expect(cache.stats).toEqual({ hits: 1, misses: 1, rejected: 0 });
    expect(again.add(2, 3)).toBe(5);
    expect(again.add).not.toBe(a.add);
    expect(String(again.where())).toMatch(/\n\s+at .*\/x\/a\.js:3:23\)/);
    // The same text in another file: compiled for it, with its own name in stack traces.
    const b = load(cache.compileFunction, source, "/x/b.js", context);
    expect(cache.stats).toEqual({ hits: 1, misses: 2, rejected: 0 });
    expect(String(b.where())).toMatch(/\n\s+at .*\/x\/b\.js:3:23\)/);
    // Its own context's globals.
    const code = "exports.add = () => typeof marker;";
    expect(load(cache.compileFunction, code, "/x/g.js", vm.createContext({})).add()).toBe("undefined");
    expect(load(cache.compileFunction, code, "/x/g.js", context).add()).toBe("number");
    expect(cache.stats.hits).toBe(2);
});

test("another source of the same length, or other parameters, compile anew and run their own code", () => {
    const cache = createCache(vm.compileFunction);
    load(cache.compileFunction, source, "/x/a.js", vm.createContext({}));
    const changed = source.replace("a + b", "a - b");
    expect(changed.length).toBe(source.length);
    expect(load(cache.compileFunction, changed, "/x/a.js", vm.createContext({})).add(2, 3)).toBe(-1);
    expect(cache.stats).toEqual({ hits: 0, misses: 2, rejected: 0 });
    const other = cache.compileFunction("return typeof exports + typeof more;", ["exports", "more"]);
    expect(other()).toBe("undefinedundefined");
    expect(cache.stats.misses).toBe(3);
});

test("an entry V8 rejects is compiled without it and replaced", () => {
    const cache = createCache(vm.compileFunction);
    load(cache.compileFunction, source, "/x/a.js", vm.createContext({}));
    const [key, data] = [...cache.entries][0];
    const damaged = Buffer.from(data);
    damaged.fill(7, 0, 64);
    cache.entries.set(key, damaged);
    expect(load(cache.compileFunction, source, "/x/a.js", vm.createContext({})).add(1, 1)).toBe(2);
    expect(cache.stats).toEqual({ hits: 0, misses: 2, rejected: 1 });
    expect(cache.entries.get(key)).not.toBe(damaged);
    load(cache.compileFunction, source, "/x/a.js", vm.createContext({}));
    expect(cache.stats.hits).toBe(1);
});

test("callers that pass cached data themselves go straight through", () => {
    const calls: unknown[] = [];
    const cache = createCache(((code: string, params: string[], options: vm.CompileFunctionOptions) => {
        calls.push(options);
        return vm.compileFunction(code, params, options);
    }) as typeof vm.compileFunction);
    cache.compileFunction("return 1;", [], { produceCachedData: true });
    expect(calls).toEqual([{ produceCachedData: true }]);
    expect(cache.stats).toEqual({ hits: 0, misses: 0, rejected: 0 });
});

test("the test environment installed it in this worker", () => {
    expect(install()).toBe(true);
});
