/** Binding to system:anonymous, system:unauthenticated or system:authenticated grants anyone (any AWS identity). */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { BINDING_TYPES, who } from "./rules";
import { bindingRules, celKubernetesManagedRbac } from "./admission";

const publicSubjects: Record<string, string[]> = {
    User: ["system:anonymous"],
    Group: ["system:unauthenticated", "system:authenticated", "system:anonymous"],
};

export const rbacNoPublicSubjectBinding: ResourcePolicy = {
    kind: "resource",
    name: "rbac-no-public-subject-binding",
    since: "0.1.0",
    description:
        "No binding names system:anonymous, system:unauthenticated or system:authenticated as a subject.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Bind named users, groups or service accounts. system:authenticated includes every IAM identity that can get a token.",
    frameworks: { nsa: "Disable anonymous access; least privilege RBAC", brief: ["Q1", "R1", "R8", "C5"] },
    types: BINDING_TYPES,
    admission: {
        match: bindingRules,
        skip: celKubernetesManagedRbac,
        variables: [
            {
                name: "public",
                expression:
                    "has(object.subjects) ? object.subjects.filter(s, has(s.kind) && has(s.name) && " +
                    "((s.kind == 'User' && s.name in ['system:anonymous']) || (s.kind == 'Group' && s.name in " +
                    "['system:unauthenticated', 'system:authenticated', 'system:anonymous']))).map(s, s.kind + ' ' + s.name) : []",
            },
        ],
        validations: [
            {
                expression: "size(variables.public) == 0",
                messageExpression:
                    "object.kind + ' \"' + object.metadata.name + '\" binds ' + variables.public.join(', ') + '.'",
            },
        ],
    },
    check(r) {
        const subjects = known(
            () => (Array.isArray(r.props.subjects) ? [...r.props.subjects] : []),
            [] as unknown[],
        );
        const out = [];
        for (const s of subjects) {
            const subj = known(
                () => ({ kind: (s as { kind?: string }).kind, name: (s as { name?: string }).name }),
                undefined,
            );
            if (subj?.kind && subj.name && publicSubjects[subj.kind]?.includes(subj.name))
                out.push({ message: `${who(r)} binds ${subj.kind} "${subj.name}".` });
        }
        return out;
    },
};
