// Command pulumi-resource-kubernetes serves the Pulumi Kubernetes provider built from
// github.com/pulumi/pulumi-kubernetes/provider/v4. Upstream's main embeds schema-embed.json and
// terraform-mapping-embed.json, which its Makefile generates and the published module does not contain;
// e2e/tools/build.sh writes them here (git-ignored) from the module's schema.json and terraform-mapping.json.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
