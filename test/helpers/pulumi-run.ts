import { spawn } from "node:child_process";

/** The one runner of commands, and of the Pulumi CLI, in the engine tests' projects. */

export interface CommandResult {
  code: number;
  stdout: string;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

export interface RunOptions {
  /** Written to the command's standard input, as a user types a secret. */
  input?: string;
  /** Variables added to the environment of this one command. */
  env?: Record<string, string>;
}

type Env = Record<string, string | undefined>;
type ExecuteOptions = { cwd: string; env: Env; input?: string };

/** Runs a command to its end, its output kept; resolves whatever its exit code. */
export function execute(
  command: string,
  args: string[],
  options: ExecuteOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = "";
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, output }));
    // A command that exits without reading its input closes the pipe first (EPIPE).
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") reject(error);
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Runs a command to its end and resolves with its stdout; throws unless it exits 0. */
export async function executeOk(
  command: string,
  args: string[],
  options: ExecuteOptions,
): Promise<string> {
  return stdoutOf(await execute(command, args, options), `${command} ${args.join(" ")}`);
}

function stdoutOf(result: CommandResult, what: string): string {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.output}`);
  return result.stdout;
}

export interface PulumiRunner<Options extends RunOptions> {
  /** Runs the Pulumi CLI in the project; resolves whatever its exit code. */
  pulumi(args: string[], options?: Options): Promise<CommandResult>;
  /** Runs the Pulumi CLI in the project and resolves with its stdout; throws unless it exits 0. */
  pulumiOk(args: string[], options?: Options): Promise<string>;
  /** Everything the Pulumi CLI printed so far. */
  transcript(): string;
}

/**
 * The Pulumi CLI run in `cwd` as `command` (its binary, or a wrapper and the words before the
 * CLI's own arguments), each run in the environment `envFor` gives for its options, plus the
 * run's own `env`.
 */
export function pulumiRunner<Options extends RunOptions = RunOptions>(
  [command, ...prefix]: [string, ...string[]],
  cwd: string,
  envFor: (options?: Options) => Env,
): PulumiRunner<Options> {
  let transcript = "";
  const pulumi = async (args: string[], options?: Options) => {
    const env = { ...envFor(options), ...options?.env };
    const result = await execute(command, [...prefix, ...args], {
      cwd,
      env,
      input: options?.input,
    });
    transcript += result.output;
    return result;
  };
  return {
    pulumi,
    pulumiOk: async (args, options) =>
      stdoutOf(await pulumi(args, options), `pulumi ${args.join(" ")}`),
    transcript: () => transcript,
  };
}
