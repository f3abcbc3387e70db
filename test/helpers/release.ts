import { createReadStream, existsSync, statSync } from "node:fs";
import { mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { inject } from "vitest";
import { buildGoSdk } from "../../scripts/release/go-sdk.mjs";
import { buildPluginArchive } from "../../scripts/release/plugin.mjs";
import { buildPythonSdk } from "../../scripts/release/python-sdk.mjs";
import { packageVersion, servedSchema } from "../../scripts/release/schema.mjs";
import { hostTarget } from "../../scripts/release/targets.mjs";

/** What the install tests need of every release: this machine's plugin archive. */
export interface TestRelease {
  version: string;
  /** The name the engine knows the plugin by (`smileid`). */
  pluginName: string;
  /** The schema's `pluginDownloadURL`, which the SDKs give the engine as the plugin's server. */
  pluginDownloadURL: string;
  /** The plugin's archive, alone in its folder (which `startReleaseServer` serves). */
  archive: string;
}

const schema = () =>
  servedSchema() as {
    name: string;
    pluginDownloadURL?: string;
    language?: { python?: { packageName?: string } };
  };

/**
 * The release's plugin archive for this machine, built with the release build's own function
 * (scripts/release/) by the first test file of the run that asks, and kept for the others in the
 * run's release folder (test/global-setup.ts). Needs `dist/`.
 */
export async function testRelease(): Promise<TestRelease> {
  const target = hostTarget();
  if (!target) throw new Error(`no release target for ${process.platform}-${process.arch}`);
  const { name, pluginDownloadURL } = schema();
  if (!pluginDownloadURL) throw new Error("the served schema has no pluginDownloadURL");
  const archive = await builtOnce("plugin", ".tar.gz", (outDir) =>
    buildPluginArchive({ target, outDir }),
  );
  return { version: packageVersion(), pluginName: name, pluginDownloadURL, archive };
}

/** The release's Python SDK: its wheel, built once a run, and the module it installs. */
export async function releasedPythonSdk(): Promise<{ wheel: string; pythonModule: string }> {
  const pythonModule = schema().language?.python?.packageName;
  if (!pythonModule) throw new Error("the served schema names no Python package");
  const wheel = await builtOnce("python", ".whl", async (outDir) => {
    const { wheel } = await buildPythonSdk({ outDir });
    return wheel;
  });
  return { wheel, pythonModule };
}

/** The release's Go SDK archive (the module at `sdk/`, compiled once by its build), once a run. */
export function releasedGoSdk(): Promise<string> {
  return builtOnce("go", ".tar.gz", (outDir) => buildGoSdk({ outDir }));
}

/**
 * The file ending in `suffix` that `build` writes into a folder of its own, `<run's release
 * folder>/<key>`, built only when that folder is not there yet: it appears whole or not at all.
 */
async function builtOnce(
  key: string,
  suffix: string,
  build: (outDir: string) => Promise<unknown>,
): Promise<string> {
  const releaseDir = inject("releaseDir");
  const dir = path.join(releaseDir, key);
  if (!existsSync(dir)) {
    const temp = await mkdtemp(path.join(releaseDir, `.${key}-`));
    try {
      await build(temp);
      // A file running beside this one may have built it first: either copy will do.
      await rename(temp, dir).catch((error) => {
        if (!existsSync(dir)) throw error;
      });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
  const files = (await readdir(dir)).filter((file) => file.endsWith(suffix));
  if (files.length !== 1) throw new Error(`${dir} holds ${files.length} files ending in ${suffix}`);
  return path.join(dir, files[0]!);
}

export interface ReleaseServer {
  url: string;
  /** The paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the files of `dir` over HTTP on a free loopback port, as a release's download page
 * does, and records what is asked for.
 */
export async function startReleaseServer(dir: string): Promise<ReleaseServer> {
  const files = new Set(await readdir(dir));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://server").pathname).slice(1);
    requests.push(`/${name}`);
    if (request.method !== "GET" || !files.has(name)) {
      response.writeHead(404).end();
      return;
    }
    const file = path.join(dir, name);
    // The engine checks the bytes it got against Content-Length, and refuses an archive without.
    response.writeHead(200, {
      "content-type": "application/gzip",
      "content-length": statSync(file).size,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` value sending downloads from `pluginDownloadURL` to
 * `serverUrl`. The engine matches the regexp against the source URL it rebuilds from the
 * schema's (for `github://<host>/<org>/<repo>`, the same text), and splits the value on `=`
 * and `,`, so neither may appear in it.
 */
export function downloadOverride(pluginDownloadURL: string, serverUrl: string): string {
  const pattern = `^${pluginDownloadURL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
  const value = `${pattern}=${serverUrl}`;
  if ((value.match(/=/g) ?? []).length !== 1 || value.includes(",")) {
    throw new Error(
      `${pluginDownloadURL} or ${serverUrl} holds "=" or ",": no override can match it`,
    );
  }
  return value;
}
