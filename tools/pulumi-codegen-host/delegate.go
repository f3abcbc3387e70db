package main

// Everything this host does not answer itself (running a program, its plugins and
// dependencies) goes to the language host of the same name found next on PATH: the sdk/v3
// v3.68.0 host that the project builds. It is started on the first such request, with this
// host's own arguments (the engine's flags and address), so a host used only for code
// generation starts none.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

type delegate struct {
	name   string // e.g. pulumi-language-nodejs
	once   sync.Once
	client pulumirpc.LanguageRuntimeClient
	cmd    *exec.Cmd
	err    error
}

// get starts the delegate host once and returns a client of it.
func (d *delegate) get() (pulumirpc.LanguageRuntimeClient, error) {
	d.once.Do(func() { d.client, d.err = d.start() })
	return d.client, d.err
}

func (d *delegate) start() (pulumirpc.LanguageRuntimeClient, error) {
	bin, err := nextOnPath(d.name)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, os.Args[1:]...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	d.cmd = cmd
	// Its first line is its port; what follows (a program's output) is ours to pass on.
	reader := bufio.NewReader(stdout)
	line, err := reader.ReadString('\n')
	port, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil {
		return nil, fmt.Errorf("%s did not print its port (got %q): %v", bin, line, errors.Join(err, convErr))
	}
	go func() { _, _ = io.Copy(os.Stdout, reader) }()
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(400*1024*1024)))
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", bin, err)
	}
	return pulumirpc.NewLanguageRuntimeClient(conn), nil
}

// stop ends the delegate host, if one was started.
func (d *delegate) stop() {
	if d.cmd != nil && d.cmd.Process != nil {
		_ = d.cmd.Process.Kill()
		_ = d.cmd.Wait()
	}
}

// nextOnPath finds `name` on PATH, skipping this very binary (whatever its name or symlink).
func nextOnPath(name string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	selfInfo, err := os.Stat(self)
	if err != nil {
		return "", err
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		candidate := filepath.Join(dir, name)
		info, err := os.Stat(candidate)
		if err != nil || info.IsDir() || info.Mode()&0o111 == 0 || os.SameFile(info, selfInfo) {
			continue
		}
		return candidate, nil
	}
	return "", fmt.Errorf("no other %s on PATH to run programs with: this host serves only code "+
		"generation and policy packs (put the directory of the project's language hosts on PATH after it)", name)
}

// The requests the delegate answers, passed on as they are.

func (h *codegenHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	client, err := h.delegate.get()
	if err != nil {
		return nil, err
	}
	return client.GetRequiredPlugins(ctx, req)
}

func (h *codegenHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	client, err := h.delegate.get()
	if err != nil {
		return nil, err
	}
	return client.Run(ctx, req)
}

func (h *codegenHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	client, err := h.delegate.get()
	if err != nil {
		return nil, err
	}
	return client.About(ctx, req)
}

func (h *codegenHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	client, err := h.delegate.get()
	if err != nil {
		return nil, err
	}
	return client.GetProgramDependencies(ctx, req)
}

func (h *codegenHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	client, err := h.delegate.get()
	if err != nil {
		return err
	}
	stream, err := client.InstallDependencies(server.Context(), req)
	if err != nil {
		return err
	}
	return relay(stream, server)
}

// delegateRunPlugin passes on a plugin this host does not run itself.
func (h *codegenHost) delegateRunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	client, err := h.delegate.get()
	if err != nil {
		return err
	}
	stream, err := client.RunPlugin(server.Context(), req)
	if err != nil {
		return err
	}
	return relay(stream, server)
}

// relay copies a server stream of the delegate to our caller until it ends.
func relay[T any](from grpc.ServerStreamingClient[T], to grpc.ServerStreamingServer[T]) error {
	for {
		msg, err := from.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := to.Send(msg); err != nil {
			return err
		}
	}
}
