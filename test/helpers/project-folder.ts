import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The one way the engine tests make a user's project: a folder outside the repository holding
 * the project (`<base>/project`, an example's copy or empty) and a file backend of its own
 * (`<base>/state`), run in the environment a user's shell has.
 */
export interface ProjectFolder {
  base: string;
  /** The project: `<base>/project`. */
  dir: string;
  /** The file backend's directory: `<base>/state`. */
  backendDir: string;
  /** The file backend and a passphrase for its secrets, as variables. */
  backend: { PULUMI_BACKEND_URL: string; PULUMI_CONFIG_PASSPHRASE: string };
  remove(): Promise<void>;
}

/** What a local run of an example left behind is not part of it. */
const LEFTOVERS = new Set(["node_modules", "venv", "sdks", "package-lock.json"]);

/**
 * A new project folder named after `kind`, with `example` (a directory) copied into it without
 * what a local run of it left behind, or empty.
 */
export async function projectFolder(kind: string, example?: string): Promise<ProjectFolder> {
  const base = await mkdtemp(path.join(tmpdir(), `smile-links-${kind}-`));
  const dir = path.join(base, "project");
  const backendDir = path.join(base, "state");
  if (example) {
    await cp(example, dir, {
      recursive: true,
      filter: (source) => !LEFTOVERS.has(path.basename(source)),
    });
  } else {
    await mkdir(dir);
  }
  await mkdir(backendDir);
  return {
    base,
    dir,
    backendDir,
    backend: {
      PULUMI_BACKEND_URL: pathToFileURL(backendDir).href,
      PULUMI_CONFIG_PASSPHRASE: `${kind}-passphrase`,
    },
    remove: () => rm(base, { recursive: true, force: true }),
  };
}

/**
 * `env` as a user's shell has it: without npm's own settings (`npm test` hands npm_config_* to
 * its children, which would point a project's npm at this repository), an active virtualenv or
 * any Smile ID setting (the tests give those as stack config or name them).
 */
export function userEnvironment(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^(npm_|INIT_CWD$|VIRTUAL_ENV$|SMILE_ID_)/i.test(name)),
  );
}

/**
 * Installs the project in `dir` with `install`, once a run for each `key`: the first project of
 * a key is installed and kept in `templates`; each later one is a copy of it, `node_modules`
 * included, as an install from npm's cache would make it, in a fraction of the time. Two test
 * files that ask at once may both install; the first to finish is kept.
 */
export async function installOnce(
  templates: string,
  key: string,
  dir: string,
  install: () => Promise<void>,
): Promise<void> {
  const template = path.join(templates, key);
  if (existsSync(template)) {
    await cp(template, dir, { recursive: true, verbatimSymlinks: true, force: true });
    return;
  }
  await install();
  const copy = await mkdtemp(path.join(templates, `${key}.`));
  await cp(dir, copy, { recursive: true, verbatimSymlinks: true, force: true });
  await rename(copy, template).catch(() => rm(copy, { recursive: true, force: true }));
}
