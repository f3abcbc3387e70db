import type { CommandResult, PulumiRunner, RunOptions } from "./pulumi-run";

/** What the engine tests do to a project's stack, through the project's `pulumiOk`. */

type PulumiOk = PulumiRunner<RunOptions>["pulumiOk"];

export interface StackSettings {
  partnerId: string;
  apiUrl: string;
  /** Set as secret stack config, typed on standard input as a user does; left out when absent. */
  apiKey?: string;
}

export interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** A project of the engine tests: its CLI, its stacks and their links. */
export interface StackProject<Options extends RunOptions = RunOptions> {
  /** The project's directory, outside this repository. */
  dir: string;
  /** Runs the Pulumi CLI in the project; resolves whatever its exit code. */
  pulumi(args: string[], options?: Options): Promise<CommandResult>;
  /** Runs the Pulumi CLI in the project and resolves with its stdout; throws unless it exits 0. */
  pulumiOk(args: string[], options?: Options): Promise<string>;
  /** `pulumi stack init` and the Smile ID settings as stack config. */
  initStack(stack: string, settings: StackSettings): Promise<void>;
  /** The stack's outputs, secrets shown. */
  outputs(stack: string): Promise<Record<string, string>>;
  /** The stack's links as `pulumi stack export` shows them. */
  links(stack: string): Promise<StateResource[]>;
  remove(): Promise<void>;
}

/** `pulumi stack init` and the Smile ID settings as the stack's config. */
export async function initStack(
  pulumiOk: PulumiOk,
  stack: string,
  { partnerId, apiUrl, apiKey }: StackSettings,
): Promise<void> {
  await pulumiOk(["stack", "init", stack]);
  await pulumiOk(["config", "set", "smileid:partnerId", partnerId, "--stack", stack]);
  await pulumiOk(["config", "set", "smileid:apiUrl", apiUrl, "--stack", stack]);
  if (apiKey !== undefined) await setSecret(pulumiOk, stack, "smileid:apiKey", apiKey);
}

/** `pulumi config set --secret KEY` with the value on standard input. */
export async function setSecret(
  pulumiOk: PulumiOk,
  stack: string,
  key: string,
  value: string,
): Promise<void> {
  await pulumiOk(["config", "set", "--secret", key, "--stack", stack], { input: value });
}

/** The stack's outputs, secrets shown. */
export async function stackOutputs(
  pulumiOk: PulumiOk,
  stack: string,
): Promise<Record<string, string>> {
  return JSON.parse(
    await pulumiOk(["stack", "output", "--json", "--show-secrets", "--stack", stack]),
  );
}

/** The stack's resources of `type` as `pulumi stack export` shows them. */
export async function stackResources(
  pulumiOk: PulumiOk,
  stack: string,
  type: string,
): Promise<StateResource[]> {
  const state = JSON.parse(await pulumiOk(["stack", "export", "--stack", stack]));
  const resources: StateResource[] = state.deployment.resources ?? [];
  return resources.filter((resource) => resource.type === type);
}
