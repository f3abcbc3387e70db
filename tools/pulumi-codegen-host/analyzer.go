package main

// Policy packs. The CLI starts a Node.js policy pack given as a directory (`pulumi preview
// --policy-pack DIR`) by asking the nodejs language host to RunPlugin it with kind=analyzer;
// the v3.68.0 host answers "not supported". This answers it as Pulumi's current Node.js host
// does (sdk/nodejs/cmd/pulumi-language-nodejs, RunPlugin): `node` runs
// `@pulumi/pulumi/cmd/run-policy-pack`, resolved from the pack's directory, with the engine's
// arguments and then that directory, in that directory; sdk.PolicyProxy takes the engine's
// stack configuration first and hands it to the pack as the environment variables the
// @pulumi/pulumi runtime reads. Other plugins, and Python packs, go to the delegate.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

const runPolicyPack = "@pulumi/pulumi/cmd/run-policy-pack"

func (h *codegenHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	if req.Kind != string(apitype.AnalyzerPlugin) || h.language.host != "pulumi-language-nodejs" {
		return h.delegateRunPlugin(req, server)
	}
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	packDir := req.Info.ProgramDirectory
	runPath, err := resolveModule(ctx, node, packDir, runPolicyPack)
	if err != nil {
		return err
	}
	env := req.Env
	options := req.Info.GetOptions().AsMap()
	if typescript, ok := options["typescript"].(bool); !ok || typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	args := []string{runPath}
	if nodeargs, ok := options["nodeargs"].(string); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	// For a policy pack the directory comes last, after the engine's arguments.
	args = append(append(args, req.Args...), packDir)

	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start policy pack proxy: %w", err)
	}
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get stack configuration: %w", err)
	}
	if config != nil {
		env = appendSet(env, "PULUMI_NODEJS_ORGANIZATION", config.Organization)
		env = appendSet(env, "PULUMI_NODEJS_PROJECT", config.Project)
		env = appendSet(env, "PULUMI_NODEJS_STACK", config.Stack)
		env = appendSet(env, "PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.DryRun))
		if config.Config != nil {
			configJSON, err := json.Marshal(config.Config)
			if err != nil {
				return fmt.Errorf("could not marshal stack configuration: %w", err)
			}
			env = appendSet(env, "PULUMI_CONFIG", string(configJSON))
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	// Node.js policy packs have always run in their own directory, where PolicyPack reads the
	// pack's package.json.
	cmd.Dir = packDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = packStdout, stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return fmt.Errorf("could not run the policy pack with %s: %w", node, err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if status, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				return fmt.Errorf("Program exited with non-zero exit code: %d", status.ExitStatus())
			}
			return fmt.Errorf("Program exited unexpectedly: %w", exitErr)
		}
		return err
	}
	return closer.Close()
}

func appendSet(env []string, key, value string) []string {
	if value == "" {
		return env
	}
	return append(env, key+"="+value)
}

// resolveModule finds a module as `require` does from dir, with the message Pulumi's host gives
// when the pack's dependencies are missing.
func resolveModule(ctx context.Context, node, dir, module string) (string, error) {
	script := fmt.Sprintf(`try { console.log(require.resolve(%q)); } catch (error) { `+
		`if (error.code === "MODULE_NOT_FOUND") { console.error("It looks like the Pulumi SDK has not `+
		`been installed. Have you run npm install in %s?"); } else { console.error(error.message); } `+
		`process.exit(1); }`, module, dir)
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("resolving %s from %s: %w: %s", module, dir, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
