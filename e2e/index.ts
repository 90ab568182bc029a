/**
 * Reusable e2e helpers (for this suite and later ones, e.g. ValidatingAdmissionPolicy checks): start a real
 * control plane, apply objects with server-side apply, create with dryRun=All.
 *
 *   const cluster = await startCluster();
 *   try {
 *       await cluster.client.refreshDiscovery();
 *       await cluster.client.apply(obj);          // server-side apply
 *       await cluster.client.createDryRun(pod);   // full admission, nothing stored
 *   } finally {
 *       cluster.client.close();
 *       await cluster.stop();
 *   }
 */
export { startCluster } from "./lib/cluster";
export type { Cluster, StartOptions } from "./lib/cluster";
export { KubeClient, statusMessage } from "./lib/kube";
export type { Response, Obj } from "./lib/kube";
export { ensureDefaultServiceAccount, applyPlan, applyLate } from "./lib/apply";
export { planApply } from "./lib/plan";
export type { Plan, PlanItem, GuardResource } from "./lib/plan";
export { checkPodTemplates, podFor, podTable } from "./lib/pods";
export { captureGuard, e2eConfig } from "./lib/capture";
export { loadCorpus, runDifferential, differentialLines } from "./lib/psa-differential";
export { toolPaths, E2eError } from "./lib/tools";
