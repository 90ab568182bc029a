#!/usr/bin/env bash
# Builds the e2e tools (helm, etcd, kube-apiserver, and the Pulumi engine pieces when their module exists) from the
# Go module proxy at the versions pinned in each wrapper module's go.mod/go.sum. Binaries go to a cache outside the
# work tree, keyed by a hash of the wrapper module, so a tool is rebuilt only when its pinned version changes.
#   e2e/tools/build.sh [tool ...]      prints "<tool> <path>" per tool
# BLUEPRINT_TOOLS_DIR overrides the cache (default ~/.cache/hardened-cluster-blueprint/tools).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${BLUEPRINT_TOOLS_DIR:-$HOME/.cache/hardened-cluster-blueprint/tools}"
mkdir -p "$cache"
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(etcd kube-apiserver helm)

pkg_of() {
    case "$1" in
        helm) echo helm.sh/helm/v3/cmd/helm ;;
        kube-apiserver) echo k8s.io/kubernetes/cmd/kube-apiserver ;;
        etcd | pulumi-resource-kubernetes) echo . ;;
        *) sed -n "s/^tool \(.*\)$/\1/p" "$here/$1/go.mod" | head -n 1 ;;
    esac
}

# The versions the npm packages ask for: the CLI matches @pulumi/pulumi, the Kubernetes plugin is installed under
# @pulumi/kubernetes' version (the proxy serves only one provider/v4 commit; the mismatch is recorded in the README).
mod_version() { grep -oE "$1 v[0-9]+\.[0-9]+\.[0-9]+" "$here/$2/go.mod" | head -n 1 | sed 's/.* v/v/'; }
sdk_version() { mod_version github.com/pulumi/pulumi/pkg/v3 pulumi | sed 's/^v//'; }
k8s_plugin_version() { node -p "require('$here/../../node_modules/@pulumi/kubernetes/package.json').version"; }

# Upstream's provider main embeds files its Makefile generates; write them from the module's sources.
prebuild() {
    case "$1" in
        pulumi-resource-kubernetes)
            local mod
            mod=$(cd "$here/$1" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)
            node -e '
                const fs = require("fs");
                const [src, out, version] = process.argv.slice(1);
                const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
                schema.version = version;
                fs.writeFileSync(out + "/schema-embed.json", JSON.stringify(schema));
                fs.writeFileSync(out + "/terraform-mapping-embed.json",
                    JSON.stringify(JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"))));
            ' "$mod/cmd/pulumi-resource-kubernetes" "$here/$1" "$(k8s_plugin_version)"
            ;;
    esac
}

ldflags_of() {
    case "$1" in
        # The API server reports its version from these; without them it says v0.0.0-master.
        kube-apiserver)
            v=$(mod_version k8s.io/kubernetes kube-apiserver)
            minor=$(echo "$v" | cut -d. -f2)
            echo "-X k8s.io/component-base/version.gitVersion=$v -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
            ;;
        pulumi)
            echo "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$(sdk_version)"
            ;;
        pulumi-resource-kubernetes)
            echo "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$(k8s_plugin_version)"
            ;;
        helm)
            v=$(mod_version helm.sh/helm/v3 helm)
            echo "-X helm.sh/helm/v3/internal/version.version=$v"
            ;;
    esac
}

for t in "${tools[@]}"; do
    dir="$here/$t"
    [ -f "$dir/go.mod" ] || { echo "build.sh: no wrapper module for '$t' (expected $dir/go.mod)" >&2; exit 2; }
    key=$( (cat "$dir"/go.mod "$dir"/go.sum "$dir"/*.go 2>/dev/null; ldflags_of "$t") | sha256sum | cut -c1-16)
    out="$cache/$t-$key/$t"
    if [ ! -x "$out" ]; then
        echo "build.sh: building $t (cold builds take minutes; cached at $out)" >&2
        mkdir -p "$(dirname "$out")"
        prebuild "$t"
        start=$(date +%s)
        # -trimpath keeps the binary independent of the cache path; CGO off gives a static binary like upstream's.
        (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w $(ldflags_of "$t")" -o "$out.tmp" "$(pkg_of "$t")")
        mv "$out.tmp" "$out"
        echo "build.sh: built $t in $(($(date +%s) - start)) s" >&2
    fi
    echo "$t $out"
done
