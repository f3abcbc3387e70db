// Opens a stack of the root project (Pulumi.yaml) through the Automation API, running its
// program (index.ts) inline: the Node.js language host is not on the Go module proxy, and
// inline programs need none.
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { ensurePulumi, pulumiEnv, repoRoot } from "./ensure-pulumi.mjs";

/** Local state and emulator data of `npm run up`, gitignored. */
export const localDir = path.join(repoRoot, ".smile-links");

/**
 * The stack `stackName` of the root project on `PULUMI_BACKEND_URL`, or on a file backend in
 * `.smile-links/state` when none is set. `envVars` reach the engine and the provider host.
 *
 * @param {string} stackName
 * @param {Record<string, string>} [envVars]
 */
export async function openRootStack(stackName, envVars = {}) {
  const binary = await ensurePulumi();
  const pulumiCommand = await PulumiCommand.get({
    root: path.dirname(path.dirname(binary)),
    skipVersionCheck: true,
  });
  const stateDir = path.join(localDir, "state");
  await mkdir(stateDir, { recursive: true });
  const env = pulumiEnv({
    PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL ?? pathToFileURL(stateDir).href,
    // A local stack of the emulator holds no real secret; set a passphrase for a real account.
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    ...envVars,
  });
  const { default: program } = await import(pathToFileURL(path.join(repoRoot, "index.ts")).href);
  return LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "pulumi-smile-links", program },
    { workDir: repoRoot, pulumiCommand, envVars: definedOnly(env) },
  );
}

/** @param {Record<string, string | undefined>} env */
function definedOnly(env) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}
