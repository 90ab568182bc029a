import * as pulumi from "@pulumi/pulumi";

/**
 * A user mistake in config or Args. It extends `pulumi.RunError`, so the CLI prints the message alone, without a
 * stack trace. Each problem is one line that names the key and what is accepted.
 */
export class ConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "ConfigError";
    }
}

/** Throws a ConfigError when any problem was found; call it before registering any resource. */
export function throwIfProblems(problems: string[]): void {
    if (problems.length > 0) throw new ConfigError(problems);
}
