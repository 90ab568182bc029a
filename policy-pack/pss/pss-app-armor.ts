/**
 * `pss-app-armor`: Pods must not disable or override the default AppArmor profile (PSS baseline `appArmorProfile`,
 * field and annotations).
 */
import { checkAppArmorProfile } from "./checks/app-armor-profile";
import { pssPolicy } from "./policy";

export const pssAppArmor = pssPolicy({
    name: "pss-app-armor",
    since: "0.1.0",
    description:
        "Pods must not disable or override the default AppArmor profile (PSS baseline `appArmorProfile`, field and annotations).",
    severity: "medium",
    remediation:
        "Remove securityContext.appArmorProfile.type=Unconfined and container.apparmor.security.beta.kubernetes.io/* annotations other than runtime/default or localhost/<profile>.",
    frameworks: {
        pss: "appArmorProfile",
        nsa: "Kubernetes Pod security: Hardening container environments (AppArmor)",
        brief: ["C1", "C4", "Q7", "F3"],
    },
    checks: [checkAppArmorProfile],
});
