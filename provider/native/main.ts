import { readFileSync } from "node:fs";
import { enableCompileCache, flushCompileCache } from "node:module";
import path from "node:path";
import { messageOf } from "../errors";
import { engineAddressOf } from "./plugin-args";

/**
 * The `smileid` provider plugin, started by the Pulumi engine through the
 * `pulumi-resource-smileid` launcher: it serves the provider on a loopback port and prints the
 * port, which is how the engine finds it, then runs until the engine stops it.
 */

/** `@pulumi/pulumi` 3.249 and later require Node.js 22. */
const MIN_NODE_MAJOR = 22;

/**
 * Replaced by the package's version when scripts/release bundles the plugin into a single
 * executable, where no package.json sits beside the code.
 */
declare const SMILEID_PLUGIN_VERSION: string | undefined;

/** The plugin's version is the package's: SDKs ask the engine for the plugin by it. */
function pluginVersion(): string {
  if (typeof SMILEID_PLUGIN_VERSION === "string") return SMILEID_PLUGIN_VERSION;
  const { version } = JSON.parse(
    readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"),
  ) as { version: string };
  return version;
}

async function main(): Promise<void> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < MIN_NODE_MAJOR) {
    throw new Error(
      `pulumi-resource-smileid needs Node.js ${MIN_NODE_MAJOR} or later, and ${process.execPath} ` +
        `is ${process.version}: put Node.js ${MIN_NODE_MAJOR} first on PATH, install it beside the ` +
        `package (npm install node@${MIN_NODE_MAJOR}), or name it in PULUMI_SMILEID_NODE.`,
    );
  }
  const compileCache = startCompileCache();
  const { serve } = await import("./server.js");
  // The engine starts a plugin with its own address (and logging flags) as arguments.
  const engineAddress = engineAddressOf(process.argv.slice(2));
  const { port } = await serve(pluginVersion(), { onCompiled: compileCache.flush, engineAddress });
  process.stdout.write(`${port}\n`);
}

/**
 * From the npm package, Node.js compiles the plugin's modules again at every start; its compile
 * cache keeps them compiled in `NODE_COMPILE_CACHE` (by default the system's temporary
 * folder, `node-compile-cache`), as TypeScript's compiler does (docs/performance.md).
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off. The engine kills the plugin rather than letting
 * it exit, so the cache is written as calls first run, not at exit. The standalone
 * executable (the plugin bundled into one file) carries its code cache already.
 */
function startCompileCache(): { flush: () => void } {
  const bundled = typeof SMILEID_PLUGIN_VERSION === "string";
  // Node.js 22.0 lacks it: the engines field asks for 22.12, the check above only for 22.
  if (bundled || typeof enableCompileCache !== "function") return { flush: () => {} };
  enableCompileCache();
  return { flush: flushCompileCache };
}

main().catch((error: unknown) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exitCode = 1;
});
