/**
 * PSA `procMount_restricted` (restricted, v1.35): only the default /proc mount, even for user-namespace pods.
 * Overrides `procMount`.
 */
import { Check } from "../psa";
import { procMountStrict } from "./proc-mount-baseline";

export const checkProcMountRestricted: Check = {
    id: "procMount_restricted",
    level: "restricted",
    versions: [{ minimumVersion: 35, checkPod: procMountStrict, overrides: ["procMount"] }],
};
