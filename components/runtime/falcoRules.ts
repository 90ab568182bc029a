/**
 * This platform's Falco rules (chart value `customRules`). They are self-contained: every macro and list they use is
 * defined here with a `blueprint_` prefix, so they load even when falcoctl is off (air-gapped) and never change the
 * meaning of Falco's default rules. Style rule (enforced by test/runtime/falcoRules.test.ts): inside `in (...)` only
 * list names; literal values are quoted or come right after a comparison operator.
 */
import { stringify } from "yaml";

/** Inputs of {@link falcoRulesYaml}. */
export interface FalcoRulesOptions {
    /** Namespaces where any shell is suspicious (platform components). */
    platformNamespaces: string[];
    /** Images (container.image.repository, exact) allowed to start shells in platform namespaces. */
    shellAllowedImages: string[];
    /** Namespaces whose containers may read node-sensitive files (kube-bench reads kubelet config). */
    sensitiveReadNamespaces: string[];
    /** Namespace of Vault. */
    vaultNamespace: string;
    /** CIDRs Vault may connect to on any port (in-cluster, VPC). */
    vaultAllowedNetworks: string[];
    /** Ports Vault may connect to outside `vaultAllowedNetworks` (443 for AWS KMS/STS without VPC endpoints). */
    vaultAllowedPorts: number[];
}

/** Falco's priorities, most severe first (rule `priority` must be one of them, case-insensitive). */
export const falcoPriorities = [
    "EMERGENCY",
    "ALERT",
    "CRITICAL",
    "ERROR",
    "WARNING",
    "NOTICE",
    "INFORMATIONAL",
    "DEBUG",
] as const;

interface ListItem {
    list: string;
    items: (string | number)[];
}
interface MacroItem {
    macro: string;
    condition: string;
}
interface RuleItem {
    rule: string;
    desc: string;
    condition: string;
    output: string;
    priority: (typeof falcoPriorities)[number];
    tags: string[];
}

/** Quotes a string list item for Falco (needed for '-', '/', '.' and CIDRs). */
const q = (s: string) => `"${s}"`;

/** Builds the rules file as objects (pure). */
export function falcoRuleItems(o: FalcoRulesOptions): (ListItem | MacroItem | RuleItem)[] {
    const items: (ListItem | MacroItem | RuleItem)[] = [
        { list: "blueprint_exec_syscalls", items: ["execve", "execveat"] },
        { list: "blueprint_open_syscalls", items: ["open", "openat", "openat2"] },
        {
            list: "blueprint_shell_binaries",
            items: ["ash", "bash", "csh", "ksh", "sh", "tcsh", "zsh", "dash", "fish", "busybox"],
        },
        { list: "blueprint_platform_namespaces", items: o.platformNamespaces.map(q) },
        {
            list: "blueprint_shell_allowed_images",
            items: o.shellAllowedImages.length ? o.shellAllowedImages.map(q) : [q("none")],
        },
        {
            list: "blueprint_sensitive_files",
            items: [
                "/etc/shadow",
                "/etc/gshadow",
                "/etc/sudoers",
                "/etc/pam.conf",
                "/var/lib/kubelet/kubeconfig",
                "/etc/kubernetes/kubelet/kubelet-config.json",
                "/etc/kubernetes/admin.conf",
                "/root/.aws/credentials",
                "/root/.kube/config",
            ].map(q),
        },
        {
            list: "blueprint_sensitive_dirs",
            items: [
                "/etc/sudoers.d",
                "/etc/pam.d",
                "/root/.ssh",
                "/etc/kubernetes/pki",
                "/var/lib/kubelet/pki",
            ].map(q),
        },
        {
            list: "blueprint_sensitive_read_namespaces",
            items: o.sensitiveReadNamespaces.length ? o.sensitiveReadNamespaces.map(q) : [q("none")],
        },
        { list: "blueprint_vault_allowed_networks", items: o.vaultAllowedNetworks.map(q) },
        ...(o.vaultAllowedPorts.length
            ? [{ list: "blueprint_vault_allowed_ports", items: [...o.vaultAllowedPorts] }]
            : []),
        {
            list: "blueprint_bin_dirs",
            items: ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"].map(q),
        },
        {
            list: "blueprint_package_mgmt_binaries",
            items: [
                "dpkg",
                "apt",
                "apt-get",
                "unattended-upgr",
                "rpm",
                "yum",
                "dnf",
                "dnf-automatic",
                "microdnf",
                "apk",
            ].map(q),
        },
        { macro: "blueprint_container", condition: '(container.id != "host" and container.id != "")' },
        {
            macro: "blueprint_spawned_process",
            condition: "(evt.type in (blueprint_exec_syscalls) and evt.dir = <)",
        },
        {
            macro: "blueprint_open_read",
            condition:
                '(evt.type in (blueprint_open_syscalls) and evt.is_open_read = true and fd.typechar = "f" and fd.num >= 0)',
        },
        {
            macro: "blueprint_open_write",
            condition:
                '(evt.type in (blueprint_open_syscalls) and evt.is_open_write = true and fd.typechar = "f" and fd.num >= 0)',
        },
        {
            macro: "blueprint_outbound_connect",
            condition:
                '(evt.type = connect and evt.dir = < and (fd.typechar = 4 or fd.typechar = 6) and fd.sip != "0.0.0.0" and fd.net != "127.0.0.0/8" and (evt.rawres >= 0 or evt.res = EINPROGRESS))',
        },
        {
            macro: "blueprint_vault_allowed_port",
            condition: o.vaultAllowedPorts.length
                ? `(fd.sport in (blueprint_vault_allowed_ports))`
                : "(evt.num = 0)",
        },
        {
            rule: "Shell in a platform container",
            desc: "A shell started in a container of a platform namespace (Vault, monitoring, Falco, registry, kube-system...). Platform images never need one: it is an operator's kubectl exec or an attacker.",
            condition:
                "blueprint_spawned_process and blueprint_container and proc.name in (blueprint_shell_binaries) and k8s.ns.name in (blueprint_platform_namespaces) and not container.image.repository in (blueprint_shell_allowed_images)",
            output: "Shell in platform container (ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline user=%user.name tty=%proc.tty)",
            priority: "WARNING",
            tags: ["blueprint", "container", "shell", "mitre_execution", "T1059"],
        },
        {
            rule: "Sensitive file read in a container",
            desc: "A container read a credential or node-secret file (shadow, sudoers, kubelet kubeconfig and PKI, cloud credentials).",
            condition:
                "blueprint_open_read and blueprint_container and (fd.name in (blueprint_sensitive_files) or fd.directory in (blueprint_sensitive_dirs)) and not k8s.ns.name in (blueprint_sensitive_read_namespaces)",
            output: "Sensitive file read in container (file=%fd.name ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository process=%proc.name cmdline=%proc.cmdline user=%user.name)",
            priority: "ERROR",
            tags: ["blueprint", "container", "filesystem", "mitre_credential_access", "T1552"],
        },
        {
            rule: "Unexpected outbound connection from Vault",
            desc: "A Vault pod connected to a destination outside its allowed networks and ports: possible secret exfiltration.",
            condition: `blueprint_outbound_connect and blueprint_container and k8s.ns.name = "${o.vaultNamespace}" and not fd.snet in (blueprint_vault_allowed_networks) and not blueprint_vault_allowed_port`,
            output: "Unexpected outbound connection from Vault (destination=%fd.sip port=%fd.sport pod=%k8s.pod.name container=%container.name process=%proc.name cmdline=%proc.cmdline)",
            priority: "CRITICAL",
            tags: ["blueprint", "container", "network", "vault", "mitre_exfiltration", "T1041"],
        },
        {
            rule: "Write below a binary directory",
            desc: "A process other than a package manager opened a file for writing below /bin, /sbin, /usr/bin, /usr/sbin or /usr/local/*bin.",
            condition:
                "blueprint_open_write and fd.directory in (blueprint_bin_dirs) and not proc.name in (blueprint_package_mgmt_binaries)",
            output: "Write below binary directory (file=%fd.name process=%proc.name cmdline=%proc.cmdline parent=%proc.pname ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name user=%user.name)",
            priority: "ERROR",
            tags: ["blueprint", "host", "container", "filesystem", "mitre_persistence", "T1543"],
        },
    ];
    return items;
}

/** The rules file as YAML, ready for the chart's `customRules`. Pure. */
export function falcoRulesYaml(o: FalcoRulesOptions): string {
    return stringify(falcoRuleItems(o), { lineWidth: 0 });
}
