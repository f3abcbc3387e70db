// What the native provider's stack stores per link: the same links as the dynamic resource's
// stack, declared as `smileid:index:SmileLink` and served by the pulumi-resource-smileid plugin
// of this repository (built into dist/), measured from `pulumi stack export` the same way.
import { Buffer } from "node:buffer";
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { repoRoot } from "../ensure-pulumi.mjs";
import { benchLinks } from "./links.mjs";

const execFileAsync = promisify(execFile);
const NATIVE_LINK_TYPE = "smileid:index:SmileLink";

/**
 * Deploys `count` links with the native provider on the bench's backend (`env` holds
 * the emulator's settings, which the plugin reads) and measures the export.
 *
 * @param {object} options
 * @param {string} options.binary the pulumi CLI
 * @param {string} options.dir the bench's directory, beside its file backend
 * @param {Record<string, string>} options.env from engine.mjs
 * @param {number} options.count
 * @param {(line: string) => void} options.log
 * @returns {Promise<{ links: number; exportBytes: number; stateBytesPerLink: number }>}
 */
export async function measureNativeState({ binary, dir, env, count, log }) {
  const stackName = "native-state";
  const workDir = path.join(dir, stackName);
  await mkdir(workDir);
  const links = benchLinks(count);
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName,
      projectName: "smile-links-bench-native",
      program: async () => {
        for (const [name, args] of Object.entries(links)) {
          new pulumi.CustomResource(NATIVE_LINK_TYPE, name, args);
        }
      },
    },
    {
      workDir,
      envVars: env,
      pulumiCommand: await PulumiCommand.get({
        root: path.dirname(path.dirname(binary)),
        skipVersionCheck: true,
      }),
      // The plugin as a project points at it (docs/native-provider.md, "Installing from the npm
      // package").
      projectSettings: {
        name: "smile-links-bench-native",
        runtime: "nodejs",
        plugins: { providers: [{ name: "smileid", path: path.join(repoRoot, "bin") }] },
      },
    },
  );
  log(`native state: up of ${count} links with the smileid plugin`);
  await stack.up();
  const { stdout } = await execFileAsync(binary, ["stack", "export", "--stack", stackName], {
    cwd: workDir,
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const { deployment } = JSON.parse(stdout);
  const stored = (deployment.resources ?? []).filter(
    (/** @type {{ type: string }} */ resource) => resource.type === NATIVE_LINK_TYPE,
  ).length;
  if (stored !== count) throw new Error(`the native stack holds ${stored} links, not ${count}`);
  const exportBytes = Buffer.byteLength(stdout);
  return { links: stored, exportBytes, stateBytesPerLink: Math.round(exportBytes / stored) };
}
