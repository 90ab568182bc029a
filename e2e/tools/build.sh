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
        etcd) echo . ;;
        *) sed -n "s/^tool \(.*\)$/\1/p" "$here/$1/go.mod" | head -n 1 ;;
    esac
}

ldflags_of() {
    case "$1" in
        # The API server reports its version from these; without them it says v0.0.0-master.
        kube-apiserver)
            v=$(sed -n 's/^require k8s.io\/kubernetes \(v[0-9.]*\)$/\1/p' "$here/kube-apiserver/go.mod")
            minor=$(echo "$v" | cut -d. -f2)
            echo "-X k8s.io/component-base/version.gitVersion=$v -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
            ;;
        helm)
            v=$(sed -n 's/^require helm.sh\/helm\/v3 \(v[0-9.]*\)$/\1/p' "$here/helm/go.mod")
            echo "-X helm.sh/helm/v3/internal/version.version=$v"
            ;;
    esac
}

for t in "${tools[@]}"; do
    dir="$here/$t"
    [ -f "$dir/go.mod" ] || { echo "build.sh: no wrapper module for '$t' (expected $dir/go.mod)" >&2; exit 2; }
    key=$(cat "$dir"/go.mod "$dir"/go.sum "$dir"/*.go 2>/dev/null | sha256sum | cut -c1-16)
    out="$cache/$t-$key/$t"
    if [ ! -x "$out" ]; then
        echo "build.sh: building $t (cold builds take minutes; cached at $out)" >&2
        mkdir -p "$(dirname "$out")"
        start=$(date +%s)
        # -trimpath keeps the binary independent of the cache path; CGO off gives a static binary like upstream's.
        (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w $(ldflags_of "$t")" -o "$out.tmp" "$(pkg_of "$t")")
        mv "$out.tmp" "$out"
        echo "build.sh: built $t in $(($(date +%s) - start)) s" >&2
    fi
    echo "$t $out"
done
