/** HashiCorp Vault (issue 6): install, configuration as code, and agent-injection annotations. */
export * from "./hcl";
export * from "./injection";
export * from "./unseal";
export * from "./values";
export * from "./vault";
export * from "./vaultConfig";
