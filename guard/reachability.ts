/** Bridges the guard to the reachability analysis (analysis/reachability.ts). */
import { GuardResource } from "./model";

export function reachabilityOf(_resources: GuardResource[]): { json: unknown[]; text: string } {
    return { json: [], text: "Reachability: analysis not available yet" };
}
