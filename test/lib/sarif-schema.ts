// Validation against the official SARIF 2.1.0 JSON schema (test/fixtures/sarif, with its license), draft-07 as
// published in the OASIS sarif-spec repository; ajv's default dialect is draft-07.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";

const schema = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"),
) as Record<string, unknown>;

// The official schema's `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not valid with the `u`
// flag: compile its patterns as plain ECMAScript regular expressions, as JSON Schema validators commonly do.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Schema errors of a SARIF document, as "instancePath message" lines; [] when valid. */
export function sarifSchemaErrors(doc: unknown): string[] {
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
