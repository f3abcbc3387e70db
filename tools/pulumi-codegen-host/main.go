// Command pulumi-codegen-host is a Pulumi language host for Node.js, Python or Go, by the name it
// runs under (pulumi-language-nodejs, pulumi-language-python or pulumi-language-go), that adds
// to the hosts the project builds what they predate, with pkg/sdk v3 at the version of the
// pinned CLI:
//
//   - code generation: the SDK of a package (`pulumi package gen-sdk`, `pulumi package add`) and
//     the code of imported resources (`pulumi import`), called the way the current hosts call
//     Pulumi's generators;
//   - Node.js policy packs (`--policy-pack DIR`), run as the current Node.js host runs them
//     (analyzer.go).
//
// Pulumi's current language hosts are Go modules of their own that the Go module proxy refuses,
// and the ones it serves (sdk/v3 v3.68.0, which run our programs) answer these requests with
// "method GeneratePackage not implemented" or, for a policy pack, "not supported". Everything
// else (running the program, its dependencies) goes to the v3.68.0 host found next on PATH
// (delegate.go), so with this host first on PATH the CLI does both.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	nodejs "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	python "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The languages, each with its generators as the current hosts call them. Go only generates:
// the project builds no Go host to pass programs to.
type language struct {
	host            string
	generatePackage func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader) (map[string][]byte, error)
	generateProgram func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error)
	bindOptions     []pcl.BindOption
}

var languages = map[string]language{
	"go": {
		host: "pulumi-language-go",
		generatePackage: func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
			_ schema.ReferenceLoader,
		) (map[string][]byte, error) {
			return gogen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
		},
		generateProgram: gogen.GenerateProgram,
	},
	"nodejs": {
		host: "pulumi-language-nodejs",
		generatePackage: func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
			loader schema.ReferenceLoader,
		) (map[string][]byte, error) {
			return nodejs.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles,
				req.LocalDependencies, req.Local, loader)
		},
		generateProgram: nodejs.GenerateProgram,
		bindOptions:     []pcl.BindOption{pcl.PreferOutputVersionedInvokes},
	},
	"python": {
		host: "pulumi-language-python",
		generatePackage: func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
			loader schema.ReferenceLoader,
		) (map[string][]byte, error) {
			return python.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
		},
		generateProgram: python.GenerateProgram,
	},
}

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language language
	delegate *delegate
}

func main() {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	lang, ok := languages[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "run as pulumi-language-nodejs, -python or -go, not %s\n", os.Args[0])
		os.Exit(2)
	}
	next := &delegate{name: lang.host}
	defer next.stop()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &codegenHost{language: lang, delegate: next})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		next.stop()
		fmt.Fprintf(os.Stderr, "the language host stopped: %v\n", err)
		os.Exit(1)
	}
}

// GetPluginInfo reports the version of pkg/v3 it was built from (set at build time).
func (h *codegenHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *codegenHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, err := h.language.generatePackage(pkg, req, loader)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		target := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(target, data, 0o600); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

func (h *codegenHost) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer client.Close()

	parser := syntax.NewParser()
	for path, contents := range req.Source {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
	}
	if parser.Diagnostics.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
		}, nil
	}
	options := append([]pcl.BindOption{}, h.language.bindOptions...)
	if !req.Strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(client), options...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() || program == nil {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, genDiags, err := h.language.generateProgram(program)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(append(diags, genDiags...)),
	}, nil
}
