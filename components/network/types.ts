/**
 * Plain (non-Output) shapes of the Kubernetes objects this area builds. Builders return these, so tests and the
 * offline reachability analysis can read them without Pulumi; components pass them to @pulumi/kubernetes as Args.
 */

import type { Labels } from "../../lib/labels";
import type { Protocol } from "../../lib/network";

/** A label map, e.g. `{ "app.kubernetes.io/name": "vault" }`: the one definition, in lib/labels.ts. */
export type { Labels };

/** One `matchExpressions` entry of a label selector. */
export interface LabelSelectorRequirement {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
}

/** A Kubernetes label selector. An empty selector (`{}`) selects everything. */
export interface LabelSelector {
    matchLabels?: Labels;
    matchExpressions?: LabelSelectorRequirement[];
}

/** Transport protocols NetworkPolicy understands: the one definition, in lib/network.ts. */
export type { Protocol };

/** One NetworkPolicy port: a number or a named container port; `endPort` makes a range. */
export interface NetworkPolicyPort {
    port?: number | string;
    endPort?: number;
    protocol?: Protocol;
}

/** An IP block; `except` must lie inside `cidr`. */
export interface IPBlock {
    cidr: string;
    except?: string[];
}

/** A NetworkPolicy peer. */
export interface NetworkPolicyPeer {
    namespaceSelector?: LabelSelector;
    podSelector?: LabelSelector;
    ipBlock?: IPBlock;
}

/** An ingress rule. */
export interface IngressRule {
    from?: NetworkPolicyPeer[];
    ports?: NetworkPolicyPort[];
}

/** An egress rule. */
export interface EgressRule {
    to?: NetworkPolicyPeer[];
    ports?: NetworkPolicyPort[];
}

/** A networking.k8s.io/v1 NetworkPolicy as plain data. */
export interface NetworkPolicyManifest {
    apiVersion: "networking.k8s.io/v1";
    kind: "NetworkPolicy";
    metadata: { name: string; namespace: string; labels?: Labels; annotations?: Record<string, string> };
    spec: {
        podSelector: LabelSelector;
        policyTypes?: ("Ingress" | "Egress")[];
        ingress?: IngressRule[];
        egress?: EgressRule[];
    };
}
