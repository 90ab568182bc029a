/** Network vocabulary shared by the NetworkPolicy builders (components/network) and the reachability analysis. */

/** Transport protocols NetworkPolicy understands. */
export type Protocol = "TCP" | "UDP" | "SCTP";

/** Every {@link Protocol}, in the order messages list them. */
export const protocols: readonly Protocol[] = ["TCP", "UDP", "SCTP"];
