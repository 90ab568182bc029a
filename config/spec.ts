/**
 * Typed stack config. Every key index.ts reads is declared once, in `config/<area>.ts`, with its type, description
 * and default. `Pulumi.yaml`'s `config:` section and docs/configuration.md are generated from these declarations
 * (`npm run docs`), and a test fails when they drift.
 */
export type KeyType = "string" | "integer" | "boolean" | "array" | "object";

export interface KeySpec {
    /** Key name without the project namespace, e.g. "cluster.mode". */
    key: string;
    type: KeyType;
    description: string;
    /** Default applied when the key is unset. Omitted only for secrets, which never have a default. */
    default?: string | number | boolean | string[] | Record<string, string>;
    /** Set with `pulumi config set --secret`. */
    secret?: boolean;
}
