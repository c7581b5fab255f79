// Command pulumi-language-nodejs is this project's own Node.js language host for the Pulumi CLI.
//
// Why it exists: the CLI needs a language host to run a program from a directory (`pulumi up`
// in the project) and, since v3.221, to run policy packs (RunPlugin). Pulumi's own host lives in
// the module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which has no
// tags; the Go module proxy this machine reaches answers "403 This module version is not
// available" for every version of it, so it cannot be built here. This host implements the part
// of the LanguageRuntime gRPC contract the CLI uses for Node.js programs and policy packs, and
// delegates the real work to the entry points that @pulumi/pulumi ships (cmd/run,
// cmd/run-policy-pack, cmd/run-plugin). Every other RPC answers Unimplemented, which the CLI
// treats as "older host" and falls back from (GetRequiredPackages, Handshake, Cancel) or reports.
//
// Invocation contract (from the CLI): one positional argument, the engine's gRPC address; the
// host prints the port it listens on as the first line of stdout.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is stamped at link time (-X main.version=vX.Y.Z) with the @pulumi/pulumi version the
// host is built for, so `pulumi about` and plugin listings show a meaningful version.
var version = "v0.0.0-dev"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	nodeBin       string
}

func main() {
	args := os.Args[1:]
	// Flags such as -tracing or -root may precede the address; the address is always last.
	engineAddress := ""
	if len(args) > 0 {
		engineAddress = args[len(args)-1]
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not find node on the $PATH: %v\n", err)
		os.Exit(1)
	}
	h := &host{engineAddress: engineAddress, nodeBin: nodeBin}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

// GetPluginInfo reports the version stamped at link time.
func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// About reports the node executable and its version; the CLI records them as update metadata.
func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.CommandContext(ctx, h.nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s --version: %w", h.nodeBin, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: h.nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// GetRequiredPlugins lists the resource plugins that installed npm packages declare with
// `"pulumi": {"resource": true}` in their package.json, searching node_modules folders from the
// program directory up to the filesystem root (the same folders Node's resolution reads).
func (h *host) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetProgram()
	}
	found := map[string]*pulumirpc.PluginDependency{}
	for d := dir; ; d = filepath.Dir(d) {
		if err := scanNodeModules(filepath.Join(d, "node_modules"), found); err != nil {
			return nil, err
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	plugins := make([]*pulumirpc.PluginDependency, 0, len(keys))
	for _, k := range keys {
		plugins = append(plugins, found[k])
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// packageJSON holds the package.json fields that declare a Pulumi resource plugin.
type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

// scanNodeModules records plugin declarations of every package in dir (scoped packages included)
// and of packages nested in their own node_modules. A missing dir is not an error.
func scanNodeModules(dir string, found map[string]*pulumirpc.PluginDependency) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		pkgDir := filepath.Join(dir, name)
		if strings.HasPrefix(name, "@") {
			if err := scanNodeModules(pkgDir, found); err != nil {
				return err
			}
			continue
		}
		if err := readPluginDeclaration(pkgDir, found); err != nil {
			return err
		}
		if err := scanNodeModules(filepath.Join(pkgDir, "node_modules"), found); err != nil {
			return err
		}
	}
	return nil
}

func readPluginDeclaration(pkgDir string, found map[string]*pulumirpc.PluginDependency) error {
	b, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
	if err != nil {
		// Folders without a package.json (bin links, caches) are not packages.
		return nil
	}
	var pkg packageJSON
	if err := json.Unmarshal(b, &pkg); err != nil {
		return fmt.Errorf("parsing %s/package.json: %w", pkgDir, err)
	}
	if !pkg.Pulumi.Resource {
		return nil
	}
	name := pkg.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(strings.TrimPrefix(pkg.Name, "@pulumi/"), "@")
	}
	ver := pkg.Pulumi.Version
	if ver == "" {
		ver = pkg.Version
	}
	if ver != "" && !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	found[name+"@"+ver] = &pulumirpc.PluginDependency{
		Name: name, Kind: "resource", Version: ver, Server: pkg.Pulumi.Server,
	}
	return nil
}
