/** The pss policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";

export const policies: BlueprintPolicy[] = [];
