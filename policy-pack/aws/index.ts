/** The aws policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { eksSecretsEncryption } from "./eks-secrets-encryption";

export const policies: BlueprintPolicy[] = [eksSecretsEncryption];
