import { createReadStream, statSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildPluginArchive } from "../../scripts/release/plugin.mjs";
import { buildPythonSdk } from "../../scripts/release/python-sdk.mjs";
import { packageVersion, servedSchema } from "../../scripts/release/schema.mjs";
import { hostTarget } from "../../scripts/release/targets.mjs";

/** What the install tests need of a release: this machine's plugin archive and the wheel. */
export interface TestRelease {
  dir: string;
  version: string;
  /** The name the engine knows the plugin by (`smileid`). */
  pluginName: string;
  /** The schema's `pluginDownloadURL`, which the SDKs give the engine as the plugin's server. */
  pluginDownloadURL: string;
  /** The Python module the wheel installs. */
  pythonModule: string;
  archive: string;
  wheel: string;
  remove(): Promise<void>;
}

/**
 * Builds, with the release build's own functions (scripts/release/), only what the install
 * tests use: the plugin archive for this machine and the Python wheel. Needs `dist/`.
 */
export async function buildTestRelease(): Promise<TestRelease> {
  const target = hostTarget();
  if (!target) throw new Error(`no release target for ${process.platform}-${process.arch}`);
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-release-"));
  const schema = servedSchema() as {
    name: string;
    pluginDownloadURL?: string;
    language?: { python?: { packageName?: string } };
  };
  if (!schema.pluginDownloadURL) throw new Error("the served schema has no pluginDownloadURL");
  const pythonModule = schema.language?.python?.packageName;
  if (!pythonModule) throw new Error("the served schema names no Python package");
  const archive = await buildPluginArchive({ target, outDir: dir });
  const { wheel } = await buildPythonSdk({ outDir: dir });
  return {
    dir,
    version: packageVersion(),
    pluginName: schema.name,
    pluginDownloadURL: schema.pluginDownloadURL,
    pythonModule,
    archive,
    wheel,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
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
