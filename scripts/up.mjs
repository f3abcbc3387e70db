// `npm run up [-- ARGS]`: `pulumi up --yes ARGS` of the root project (Pulumi.yaml, index.ts) on
// the `dev` stack, through the Pulumi CLI and its Node.js language host, as users run it. With no
// Smile ID credentials in the environment or the stack's config, it runs the local emulator for
// the duration, at a fixed address and keeping its links in .smile-links/, so the next run finds
// them.
import { createRequire } from "node:module";
import path from "node:path";
import { ensurePulumi, pulumiEnv, repoRoot } from "./ensure-pulumi.mjs";
import { backendVariables } from "./pulumi-backend.mjs";
import { pulumiOutput, runPulumi } from "./run-pulumi.mjs";
import { messageOf } from "./errors.mjs";

/** The emulator data of `npm run up` (its state: scripts/pulumi-backend.mjs), gitignored. */
const localDir = path.join(repoRoot, ".smile-links");
const stackName = process.env.SMILE_LINKS_STACK || "dev";
const PORT_VARIABLE = "SMILE_LINKS_EMULATOR_PORT";
/**
 * The emulator's address must not change between runs: each link records the API it lives at
 * (its `apiUrl` output), and a link is never managed through another.
 */
const EMULATOR_PORT = Number(process.env[PORT_VARIABLE] || 8788);
const SECRET_HINT = "[secret]";

/**
 * Credentials as the provider resolves them: the stack's config first, then the environment.
 * `pulumi config --json` shows a secret without its value.
 *
 * @param {Record<string, { value?: string; secret?: boolean }>} config
 */
function hasCredentials(config) {
  const { resolveSettings } = createRequire(import.meta.url)("../dist/settings.js");
  const { partnerId, apiKey } = resolveSettings(
    (/** @type {string} */ key) =>
      config[key]?.value ?? (config[key]?.secret ? SECRET_HINT : undefined),
  );
  return Boolean(partnerId && apiKey);
}

/** The running emulator, and the credentials that its API takes. */
async function startLocalEmulator() {
  const { startEmulator, EMULATOR_CREDENTIALS } = createRequire(import.meta.url)(
    "../dist/index.js",
  );
  const dataFile = path.join(localDir, "emulator", "links.json");
  const options = { ...EMULATOR_CREDENTIALS, port: EMULATOR_PORT, dataFile };
  const emulator = await startEmulator(options).catch(
    (/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code !== "EADDRINUSE") throw error;
      throw new Error(
        `port ${EMULATOR_PORT} of 127.0.0.1 is in use, so the local emulator cannot start there. ` +
          `Stop what listens on it (an emulator left running?), or set ${PORT_VARIABLE} to ` +
          `another port: the links of a stack deployed on one port live there, so use a new ` +
          `stack (SMILE_LINKS_STACK) with it.`,
        { cause: error },
      );
    },
  );
  console.log(`No Smile ID credentials configured: using the local emulator at ${emulator.url}`);
  return { emulator, credentials: EMULATOR_CREDENTIALS };
}

/** Prints each link's URL from the stack's outputs; secret ones (single-use links) stay hidden. */
async function printLinks(/** @type {string} */ binary, /** @type {Record<string, string>} */ env) {
  const outputs = JSON.parse(
    await pulumiOutput(binary, ["stack", "output", "--json", "--stack", stackName], {
      env,
      cwd: repoRoot,
    }),
  );
  console.log("\nLinks:");
  for (const [name, value] of Object.entries(outputs)) {
    console.log(`  ${name}: ${typeof value?.url === "string" ? value.url : SECRET_HINT}`);
  }
}

async function main() {
  const binary = await ensurePulumi();
  const { variables } = await backendVariables(process.env, repoRoot);
  const env = pulumiEnv(variables, binary);
  const cli = { env, cwd: repoRoot };
  await pulumiOutput(binary, ["stack", "select", "--create", stackName], cli);
  const config = JSON.parse(
    await pulumiOutput(binary, ["config", "--json", "--stack", stackName], cli),
  );
  const local = hasCredentials(config) ? undefined : await startLocalEmulator();
  if (local) {
    Object.assign(env, {
      SMILE_ID_API_URL: local.emulator.url,
      SMILE_ID_PARTNER_ID: local.credentials.partnerId,
      SMILE_ID_API_KEY: local.credentials.apiKey,
    });
  }
  try {
    const args = ["up", "--yes", "--stack", stackName, ...process.argv.slice(2)];
    const code = await runPulumi(binary, args, cli);
    if (code !== 0) {
      process.exitCode = code;
      return;
    }
    await printLinks(binary, env);
  } finally {
    await local?.emulator.close();
  }
}

main().catch((error) => {
  console.error(`up: ${messageOf(error)}`);
  process.exitCode = 1;
});
