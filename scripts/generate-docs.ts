/** `npm run docs`: regenerates every generated file (Pulumi.yaml, docs/configuration.md, docs/policies.md, docs/cis-eks.md). */
import * as fs from "fs";
import * as path from "path";
import { renderConfigDoc, renderPulumiYaml, root } from "./generate-config";
import { renderPolicyDocs } from "./generate-policy-docs";

fs.writeFileSync(path.join(root, "Pulumi.yaml"), renderPulumiYaml());
fs.mkdirSync(path.join(root, "docs"), { recursive: true });
fs.writeFileSync(path.join(root, "docs/configuration.md"), renderConfigDoc());
const { policiesMd, cisEksMd } = renderPolicyDocs();
fs.writeFileSync(path.join(root, "docs/policies.md"), policiesMd);
fs.writeFileSync(path.join(root, "docs/cis-eks.md"), cisEksMd);
process.stderr.write("wrote Pulumi.yaml, docs/configuration.md, docs/policies.md, docs/cis-eks.md\n");
