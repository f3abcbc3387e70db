import {
  LocalWorkspace,
  PulumiCommand,
  type EngineEvent,
  type Stack,
  type StepEventMetadata,
} from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { inject } from "vitest";
import { pulumiEnv } from "../../scripts/ensure-pulumi.mjs";
import type { RunningEmulator } from "../../provider/emulator";
import type { SmileLinkArgs } from "../../provider";
import type { CustomResourceOptions } from "@pulumi/pulumi";
import { API_KEY, PARTNER_ID } from "./emulator";
import { builtPackage } from "./serialized-provider";

const execFileAsync = promisify(execFile);

/** The links a test program declares, by resource name; tests change it between runs. */
export type LinkSet = Record<string, SmileLinkArgs>;

export interface EngineStack {
  stack: Stack;
  /** The program's links: change them, then preview or up. */
  links: LinkSet;
  /** Resource options of some of the links, by resource name. */
  options: Record<string, CustomResourceOptions>;
  /** When set, the program deploys this links file (as the root project does) instead of `links`. */
  linksFile?: string;
  /** Step events of the last preview or up, by resource name, in order. */
  steps(): Map<string, StepEventMetadata[]>;
  /** Collects step events of one operation. */
  onEvent: (event: EngineEvent) => void;
  /** The file backend's directory. */
  backendDir: string;
  /** The CLI's PULUMI_HOME, when the stack has one of its own. */
  pulumiHome?: string;
  /** Runs the Pulumi CLI in the stack's workspace and environment, as a user would; its stdout. */
  cli(args: string[]): Promise<string>;
  /** `pulumi stack export` (secrets stay encrypted), as text. */
  exportText(): Promise<string>;
  remove(): Promise<void>;
}

export interface EngineStackOptions {
  /**
   * `"env"` passes the credentials as environment variables; `"config"` leaves the key out of
   * the environment, for the test to set as secret stack config.
   */
  credentials?: "env" | "config";
  /**
   * For a run the test SIGKILLs. The file backend (gocloud's fileblob) writes each file through
   * a rename, but its `.attrs` sidecar in place: a kill between the sidecar's truncation and its
   * write leaves the stack unreadable ("failed to load checkpoint: EOF"). `metadata=skip` writes
   * no sidecar, so a kill leaves every file whole.
   */
  killSafeBackend?: boolean;
  /**
   * Gives the CLI a PULUMI_HOME of its own, so that its `logs` directory holds this stack's
   * automatic logs and nobody else's.
   */
  ownPulumiHome?: boolean;
}

/**
 * A stack on a fresh file backend, run by the real Pulumi CLI with an inline program of
 * SmileLinks from the built package, against the emulator.
 */
export async function engineStack(
  emulator: RunningEmulator,
  links: LinkSet,
  { credentials = "env", killSafeBackend = false, ownPulumiHome = false }: EngineStackOptions = {},
): Promise<EngineStack> {
  const { SmileLink, linksFromFile } = builtPackage();
  const backend = await mkdtemp(path.join(tmpdir(), "smile-links-engine-"));
  const pulumiHome = ownPulumiHome
    ? await mkdtemp(path.join(tmpdir(), "smile-links-home-"))
    : undefined;
  const binary = inject("pulumiBinary");
  const pulumiCommand = await PulumiCommand.get({
    root: path.dirname(path.dirname(binary)),
    skipVersionCheck: true,
  });
  const env = pulumiEnv(
    {
      PULUMI_BACKEND_URL: pathToFileURL(backend).href + (killSafeBackend ? "?metadata=skip" : ""),
      PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
      SMILE_ID_API_URL: emulator.url,
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: credentials === "env" ? API_KEY : "",
      ...(pulumiHome ? { PULUMI_HOME: pulumiHome } : {}),
    },
    binary,
  );
  const state: EngineStack = {
    links,
    options: {},
    backendDir: backend,
    pulumiHome,
    stack: undefined as unknown as Stack,
    steps: () => seen,
    onEvent: (event) => {
      const step = event.resourcePreEvent?.metadata;
      if (!step || step.type === "pulumi:pulumi:Stack") return;
      const name = step.urn.split("::").pop()!;
      seen.set(name, [...(seen.get(name) ?? []), step]);
    },
    cli: async (args) => {
      const { stdout } = await execFileAsync(binary, args, {
        cwd: state.stack.workspace.workDir,
        env: state.stack.workspace.envVars,
      });
      return stdout;
    },
    // The Automation API's exportStack decrypts secrets; the CLI's plain export does not.
    exportText: () => state.cli(["stack", "export", "--stack", state.stack.name]),
    remove: async () => {
      await state.stack.workspace.removeStack(state.stack.name, { force: true });
      // The Automation API made the inline program's project folder and leaves it behind.
      await rm(state.stack.workspace.workDir, { recursive: true, force: true });
      await rm(backend, { recursive: true, force: true });
      if (pulumiHome) await rm(pulumiHome, { recursive: true, force: true });
    },
  };
  let seen = new Map<string, StepEventMetadata[]>();
  const program = async () => {
    seen = new Map();
    const outputs: Record<string, unknown> = {};
    const links = state.linksFile
      ? Object.entries(linksFromFile(state.linksFile))
      : Object.entries(state.links).map(
          ([name, args]) => [name, new SmileLink(name, args, state.options[name])] as const,
        );
    for (const [name, link] of links) {
      outputs[`${name}Url`] = link.url;
      outputs[`${name}RefId`] = link.refId;
    }
    return outputs;
  };
  state.stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "test", projectName: "smile-links-engine-test", program },
    {
      pulumiCommand,
      envVars: Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    },
  );
  return state;
}
