#!/usr/bin/env node
// Micro-benchmark (not a test): decodes the property bytes of a guard --json document's resources (default: the 10k
// bench run, /tmp/s15/m10k.json) with the WireStruct of two checkouts, alternating, and prints median CPU ms.
// Usage: OLD=/path/to/main NEW=/path/to/branch JSON=file.json node bench/wire-decode.js (both built: npm run build:js)
"use strict";
const fs = require("fs");
const [oldRoot, newRoot] = [
    process.env.OLD || "/work/main",
    process.env.NEW || require("path").resolve(__dirname, ".."),
];
const Old = require(oldRoot + "/policy-pack/bin/policy-pack/lib/wire.js").WireStruct;
const New = require(newRoot + "/policy-pack/bin/policy-pack/lib/wire.js").WireStruct;
const p = require.resolve("@pulumi/pulumi", { paths: [newRoot] });
const sp = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [p] }));
const res = JSON.parse(fs.readFileSync(process.env.JSON || "/tmp/s15/m10k.json", "utf8")).resources;
const blobs = res.map((r) => sp.Struct.fromJavaScript(r.inputs || {}).serializeBinary());
const total = blobs.reduce((a, b) => a + b.length, 0);
console.log(`${blobs.length} property blobs, ${(total / 1e6).toFixed(1)} MB`);
// identical results first
for (const b of blobs) {
    const a = JSON.stringify(new Old(b).toJavaScript()),
        c = JSON.stringify(new New(b).toJavaScript());
    if (a !== c) throw new Error("differ");
}
const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
};
const runs = { old: [], new: [], oldF: [], newF: [] };
const R = +(process.env.ROUNDS || 7);
for (let i = 0; i < R; i++) {
    for (const [name, C, m] of [
        ["old", Old, "toJavaScript"],
        ["new", New, "toJavaScript"],
        ["oldF", Old, "decodeKnownFrozen"],
        ["newF", New, "decodeKnownFrozen"],
    ]) {
        const t = cpu();
        for (const b of blobs) new C(b)[m]();
        runs[name].push(cpu() - t);
    }
}
const med = (a) => {
    const s = [...a].sort((x, y) => x - y);
    return s[s.length >> 1];
};
for (const k in runs)
    console.log(
        k.padEnd(5),
        "median CPU ms",
        med(runs[k]).toFixed(0),
        "runs",
        runs[k].map((x) => x.toFixed(0)).join(" "),
    );
console.log(
    "speed-up toJavaScript",
    (med(runs.old) / med(runs.new)).toFixed(2) + "x",
    "decodeKnownFrozen",
    (med(runs.oldF) / med(runs.newF)).toFixed(2) + "x",
);
