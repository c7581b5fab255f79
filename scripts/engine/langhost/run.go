package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitCodeAlreadyReported is the exit code @pulumi/pulumi's entry points use after they printed
// an actionable error themselves; the host must then tell the engine to bail without more noise.
const exitCodeAlreadyReported = 32

// resolveSDKEntry finds node_modules/@pulumi/pulumi/cmd/<name> in dir or the nearest ancestor,
// which is where Node's own resolution would find it for a program or pack living in dir.
func resolveSDKEntry(dir, name string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", name)
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("it looks like the Pulumi SDK has not been installed: no "+
				"node_modules/@pulumi/pulumi/cmd/%s in %s or any parent folder; run npm install", name, abs)
		}
	}
}

// runtimeOptions are the Pulumi.yaml `runtime.options` this host honours.
type runtimeOptions struct {
	typescript bool     // default true, as in Pulumi's host
	tsconfig   string   // path given to ts-node, relative to the program directory
	nodeArgs   []string // extra arguments for node itself
}

func parseRuntimeOptions(s *structpb.Struct) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if s == nil {
		return opts
	}
	m := s.AsMap()
	if v, ok := m["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok && strings.TrimSpace(v) != "" {
		opts.nodeArgs = strings.Fields(v)
	}
	return opts
}

// Run executes the program with @pulumi/pulumi/cmd/run, passing the engine's settings as flags and
// configuration through the environment variables that the Node.js SDK reads.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = req.GetProgram()
	}
	if entry == "" {
		entry = "."
	}
	runPath, err := resolveSDKEntry(programDir, "run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts := parseRuntimeOptions(info.GetOptions())

	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runPath)
	flag := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k+"="+v)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	flag("root-directory", info.GetRootDirectory())
	if req.GetParallel() != 0 {
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	program := entry
	if !filepath.IsAbs(program) {
		program = filepath.Join(programDir, program)
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	// A stack without config arrives as a nil map and slice, which encode as `null`; the SDK's
	// parseConfig then fails with "Cannot convert undefined or null to object" on the first
	// Config read, so they are sent as {} and [].
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	secretKeyList := req.GetConfigSecretKeys()
	if secretKeyList == nil {
		secretKeyList = []string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, fmt.Errorf("serialising configuration: %w", err)
	}
	secretKeys, err := json.Marshal(secretKeyList)
	if err != nil {
		return nil, fmt.Errorf("serialising secret configuration keys: %w", err)
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript),
	)
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	cmd := exec.CommandContext(ctx, h.nodeBin, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeAlreadyReported {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a plugin written in Node.js from source: a policy pack (kind "analyzer") through
// @pulumi/pulumi/cmd/run-policy-pack, anything else through cmd/run-plugin. The engine passes its
// address as the only argument; output and the exit code are streamed back.
func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entry := "run-plugin"
	if req.GetKind() == "analyzer" {
		entry = "run-policy-pack"
	}
	runPath, err := resolveSDKEntry(programDir, entry)
	if err != nil {
		return err
	}
	opts := parseRuntimeOptions(info.GetOptions())
	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runPath)
	if req.GetKind() == "analyzer" {
		// run-policy-pack: RUN <engine-address> <program>
		args = append(args, req.GetArgs()...)
		args = append(args, programDir)
	} else {
		// run-plugin: RUN <program> [args to the plugin...]
		args = append(args, programDir)
		args = append(args, req.GetArgs()...)
	}

	cmd := exec.CommandContext(stream.Context(), h.nodeBin, args...)
	// Policy packs have always run from their own folder (so their tsconfig.json, if any, is the
	// one ts-node reads); other plugins run from the engine's working directory.
	cmd.Dir = req.GetPwd()
	if cmd.Dir == "" || req.GetKind() == "analyzer" {
		cmd.Dir = programDir
	}
	// Later entries win in exec, so the engine's variables override the inherited ones.
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript))
	if opts.tsconfig != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	// gRPC streams are not safe for concurrent Send, and stdout/stderr are copied concurrently.
	var mu sync.Mutex
	send := func(msg *pulumirpc.RunPluginResponse) error {
		mu.Lock()
		defer mu.Unlock()
		return stream.Send(msg)
	}
	cmd.Stdout = writerFunc(func(p []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: clone(p)}})
	})
	cmd.Stderr = writerFunc(func(p []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: clone(p)}})
	})
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return fmt.Errorf("could not run node for %s: %w", programDir, err)
		}
		code = int32(exitErr.ExitCode())
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// writerFunc adapts a send function to io.Writer so exec can stream a child's output.
type writerFunc func(p []byte) error

func (f writerFunc) Write(p []byte) (int, error) {
	if err := f(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

var _ io.Writer = writerFunc(nil)

func clone(p []byte) []byte { return append([]byte(nil), p...) }
