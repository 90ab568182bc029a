// pulumi-language-nodejs: this project's own minimal Node.js language host for the Pulumi CLI.
//
// Upstream's host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the
// Go module proxy here, so `npm run test:engine` uses this one instead. It implements what the CLI needs for
// preview/up/destroy with a policy pack, speaking the LanguageRuntime gRPC protocol of sdk/v3:
//
//   - Handshake, GetPluginInfo, About, GetProgramDependencies, InstallDependencies (a no-op: dependencies are
//     installed by `npm ci`), Cancel;
//   - GetRequiredPackages: every node_modules package.json with {"pulumi": {"resource": true}};
//   - Run: node @pulumi/pulumi/cmd/run with the arguments the upstream host passes (--monitor, --engine, ...), the
//     stack config in PULUMI_CONFIG (keys as <namespace>:config:<name>) and PULUMI_CONFIG_SECRET_KEYS. The program
//     talks to the engine's monitor directly: @pulumi/pulumi 3.248 makes no synchronous invokes, so upstream's
//     monitor proxy and invoke pipes are not needed;
//   - RunPlugin: policy packs through @pulumi/pulumi/cmd/run-policy-pack, behind sdk/v3's PolicyProxy, which
//     receives the stack configuration first and passes it to the pack in its environment (as upstream does).
//
// Not implemented (the CLI does not call them for preview/up/destroy): code generation, Pack, Link, templates,
// debugging, bun.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is stamped by e2e/tools/build.sh (-X main.version=...), the version of @pulumi/pulumi it serves.
var version = "3.248.0"

// The exit code @pulumi/pulumi's run uses after it has already shown the user an actionable message.
const exitAfterActionableMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	cancel        context.Context
	cancelFunc    context.CancelFunc
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.String("tracing", "", "ignored (accepted for compatibility with the CLI)")
	flag.String("runtime", "nodejs", "ignored: only nodejs is supported")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}
	var engineAddress string
	if flag.NArg() > 0 {
		engineAddress = flag.Arg(0)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	cancelServe := make(chan bool)
	go func() {
		<-ctx.Done()
		stop()
		close(cancelServe)
	}()
	if engineAddress != "" {
		// Exit when the engine goes away, so no host outlives its CLI.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			fail(fmt.Errorf("could not start the engine health check: %w", err))
		}
	}
	cctx, cfunc := context.WithCancel(context.Background())
	h := &host{engineAddress: engineAddress, cancel: cctx, cancelFunc: cfunc}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServe,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fail(fmt.Errorf("could not start the language host: %w", err))
	}
	// The CLI reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail(fmt.Errorf("language host stopped serving: %w", err))
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
	os.Exit(1)
}

func (h *host) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node is not on the PATH: %w", err)
	}
	out, _ := exec.CommandContext(ctx, node, "--version").Output()
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimSpace(string(out)),
		Metadata:   map[string]string{"packagemanager": "npm"},
	}, nil
}

// InstallDependencies does nothing: the project's dependencies are installed with `npm ci` before the CLI runs.
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("pulumi-language-nodejs: dependencies are installed with npm ci; nothing to do\n"),
	})
}

// packageJSON is the part of a package.json this host reads.
type packageJSON struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// GetRequiredPackages lists the resource plugins of the program's node_modules packages, as upstream does: every
// package.json under node_modules with "pulumi": {"resource": true}, skipping nested policy packs.
func (h *host) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	seen := map[string]bool{}
	var deps []*pulumirpc.PackageDependency
	var walk func(dir string, inNodeModules bool)
	walk = func(dir string, inNodeModules bool) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		entries, err := os.ReadDir(real)
		if err != nil {
			return
		}
		for _, e := range entries {
			p := filepath.Join(real, e.Name())
			fi, err := os.Stat(p)
			if err != nil {
				continue
			}
			if fi.IsDir() {
				if _, err := os.Stat(filepath.Join(p, "PulumiPolicy.yaml")); err == nil {
					continue // a policy pack's plugins are not the program's
				}
				walk(p, inNodeModules || filepath.Base(real) == "node_modules")
				continue
			}
			if !inNodeModules || e.Name() != "package.json" {
				continue
			}
			pj, err := readPackageJSON(p)
			if err != nil || !pj.Pulumi.Resource {
				continue
			}
			name := pj.Pulumi.Name
			if name == "" {
				if !strings.HasPrefix(pj.Name, "@pulumi/") {
					continue
				}
				name = strings.TrimPrefix(pj.Name, "@pulumi/")
			}
			v := pj.Pulumi.Version
			if v == "" {
				v = pj.Version
			}
			if !strings.HasPrefix(v, "v") {
				v = "v" + v
			}
			deps = append(deps, &pulumirpc.PackageDependency{
				Name: name, Kind: "resource", Version: v, Server: pj.Pulumi.Server,
			})
		}
	}
	walk(req.Info.ProgramDirectory, false)
	return &pulumirpc.GetRequiredPackagesResponse{Packages: deps}, nil
}

// GetProgramDependencies lists the program's direct npm dependencies with their installed versions.
func (h *host) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	pj, err := readPackageJSON(filepath.Join(req.Info.ProgramDirectory, "package.json"))
	if err != nil {
		return nil, err
	}
	var deps []*pulumirpc.DependencyInfo
	for name := range pj.Dependencies {
		installed, err := readPackageJSON(filepath.Join(req.Info.ProgramDirectory, "node_modules", name, "package.json"))
		if err != nil {
			continue
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: installed.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// resolve finds a module (e.g. @pulumi/pulumi/cmd/run) from dir, as node's require.resolve does.
func resolve(ctx context.Context, node, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, node, "-e", "console.log(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find %s from %s (is @pulumi/pulumi installed there? run npm ci)", module, dir)
	}
	return strings.TrimSpace(string(out)), nil
}

// Run executes the program: node <@pulumi/pulumi/cmd/run> --monitor ... <entry point> [args].
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "node is not on the PATH"}, nil
	}
	info := req.GetInfo()
	runPath, err := resolve(ctx, node, info.GetProgramDirectory(), "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := []string{runPath}
	opt := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	opt("monitor", req.GetMonitorAddress())
	opt("engine", h.engineAddress)
	opt("organization", req.GetOrganization())
	opt("project", req.GetProject())
	opt("root-directory", info.GetRootDirectory())
	opt("stack", req.GetStack())
	opt("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	opt("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	// The SDK reads config keys in the old <namespace>:config:<name> form (newer SDKs accept both).
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("bad config key %q: %v", k, err)}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)
	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	if typescript(info) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}

	cmdCtx, cmdCancel := context.WithCancel(h.cancel)
	defer cmdCancel()
	context.AfterFunc(ctx, cmdCancel)
	cmd := exec.CommandContext(cmdCtx, node, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = env
	// Node may make its stdio non-blocking; wrapping the files keeps that from leaking into this process.
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// typescript is the runtime option "typescript" (default true, as upstream).
func typescript(info *pulumirpc.ProgramInfo) bool {
	if info.GetOptions() == nil {
		return true
	}
	if v, ok := info.GetOptions().AsMap()["typescript"].(bool); ok {
		return v
	}
	return true
}

// RunPlugin runs a Node.js plugin. Policy packs (kind "analyzer") run @pulumi/pulumi/cmd/run-policy-pack with the
// engine address then the pack's directory, behind sdk/v3's PolicyProxy: the proxy prints its own port to the CLI,
// receives ConfigureStack (project, stack, config), passes them to the pack in its environment, then forwards every
// analyzer call to the pack.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	node, err := exec.LookPath("node")
	if err != nil {
		return errors.New("node is not on the PATH")
	}
	info := req.GetInfo()
	analyzer := req.GetKind() == "analyzer"
	module := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolve(ctx, node, info.GetProgramDirectory(), module)
	if err != nil {
		return err
	}
	args := []string{runPath}
	if analyzer {
		args = append(append(args, req.GetArgs()...), info.GetProgramDirectory())
	} else {
		args = append(append(args, info.GetProgramDirectory()), req.GetArgs()...)
	}
	env := req.GetEnv()
	if typescript(info) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}

	var proxy *sdk.PolicyProxy
	if analyzer {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration: %w", err)
		}
		if stack != nil {
			add := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			add("PULUMI_NODEJS_ORGANIZATION", stack.Organization)
			add("PULUMI_NODEJS_PROJECT", stack.Project)
			add("PULUMI_NODEJS_STACK", stack.Stack)
			add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.DryRun))
			if stack.Config != nil {
				b, err := json.Marshal(stack.Config)
				if err != nil {
					return fmt.Errorf("could not marshal the stack configuration: %w", err)
				}
				add("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	if analyzer {
		cmd.Dir = info.GetProgramDirectory() // policy packs run in their own directory, as upstream's
	} else {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run node: %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd) // returns when the pack exits
	} else {
		err = cmd.Wait()
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exit.ExitCode())
		}
		return err
	}
	return closer.Close()
}
