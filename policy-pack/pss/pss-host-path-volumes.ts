/**
 * `pss-host-path-volumes`: Pods must not mount hostPath volumes (PSS baseline `hostPathVolumes`; at restricted,
 * `pss-restricted-volumes` covers it).
 */
import { checkHostPathVolumes } from "./checks/host-path-volumes";
import { pssPolicy } from "./policy";

export const pssHostPathVolumes = pssPolicy({
    name: "pss-host-path-volumes",
    since: "0.1.0",
    description:
        "Pods must not mount hostPath volumes (PSS baseline `hostPathVolumes`; at restricted, `pss-restricted-volumes` covers it).",
    severity: "high",
    remediation:
        "Replace hostPath volumes with emptyDir, configMap, secret, projected or a PersistentVolumeClaim. Node agents that truly need the host filesystem belong in an exempted namespace with a reviewed reason.",
    frameworks: {
        pss: "hostPathVolumes",
        nsa: "Kubernetes Pod security: Pod security enforcement; restrict host filesystem access",
        brief: ["R7", "Q7", "C1"],
    },
    checks: [checkHostPathVolumes],
});
