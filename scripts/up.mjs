// `npm run up`: deploys the root project's links to the `dev` stack with the real Pulumi
// engine. With no Smile ID credentials in the environment or the stack's config, it runs the
// local emulator for the duration, keeping its links in .smile-links/ for the next run.
import path from "node:path";
import { createRequire } from "node:module";
import { localDir, openRootStack } from "./root-stack.mjs";

const EMULATOR = { partnerId: "emulator-partner", apiKey: "emulator-api-key", port: 8788 };
const stackName = process.env.SMILE_LINKS_STACK ?? "dev";
const SECRET_HINT = "[secret]";

/** Credentials as the provider resolves them: the stack's config first, then the environment. */
function hasCredentials(config) {
  const { resolveSettings } = createRequire(import.meta.url)("../dist/settings.js");
  const { partnerId, apiKey } = resolveSettings((key) => config[key]?.value);
  return Boolean(partnerId && apiKey);
}

async function startLocalEmulator() {
  const { startEmulator } = createRequire(import.meta.url)("../dist/index.js");
  const dataFile = path.join(localDir, "emulator", "links.json");
  const options = { ...EMULATOR, dataFile };
  // Always this port: each link records the API it lives at, and the provider refuses to
  // manage it through another URL, so an emulator on a port of chance would strand the links.
  const emulator = await startEmulator(options).catch((error) => {
    if (error.code !== "EADDRINUSE") throw error;
    throw new Error(
      `port ${EMULATOR.port} is in use (another emulator or npm run up?): the ${stackName} ` +
        `stack's links live at http://127.0.0.1:${EMULATOR.port}/v1, so stop what uses the port ` +
        `and run again`,
    );
  });
  console.log(`No Smile ID credentials configured: using the local emulator at ${emulator.url}`);
  return emulator;
}

async function main() {
  let stack = await openRootStack(stackName);
  let emulator;
  if (!hasCredentials(await stack.getAllConfig())) {
    emulator = await startLocalEmulator();
    stack = await openRootStack(stackName, {
      SMILE_ID_API_URL: emulator.url,
      SMILE_ID_PARTNER_ID: EMULATOR.partnerId,
      SMILE_ID_API_KEY: EMULATOR.apiKey,
    });
  }
  try {
    const result = await stack.up({ onOutput: (text) => process.stdout.write(text) });
    console.log("\nLinks:");
    for (const [name, { value, secret }] of Object.entries(result.outputs)) {
      const shown = secret || typeof value?.url !== "string" ? SECRET_HINT : value.url;
      console.log(`  ${name}: ${shown}`);
    }
  } finally {
    await emulator?.close();
  }
}

main().catch((error) => {
  console.error(`up: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
