import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * What the native plugin loads before it answers the engine's first call (docs/performance.md,
 * "What each change bought"): the gRPC service, not the link's model, the client or the
 * package schema, which load at the first call that needs them. Checked on the build, in a
 * Node.js process of its own, by the modules it holds; the bench times it.
 */
const root = path.resolve(__dirname, "../..");

/** The files under `node_modules` or `dist` that requiring `module` leaves loaded. */
async function loadedBy(module: string): Promise<string[]> {
  const script = `require(${JSON.stringify(module)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: root });
  return (JSON.parse(stdout) as string[]).map((file) => path.relative(root, file));
}

describe("the native plugin before its first answer", () => {
  it("loads the gRPC service without the link's model, the HTTP client or the package schema", async () => {
    const loaded = await loadedBy(path.join(root, "dist", "native", "server.js"));
    expect(loaded).toContain(path.join("dist", "native", "server.js"));
    const late = loaded.filter((file) =>
      /node_modules[/\\](zod|axios)[/\\]|dist[/\\](link[/\\](lifecycle|fields)|client|codegen|settings)/.test(
        file,
      ),
    );
    expect(late).toEqual([]);
  });
});
