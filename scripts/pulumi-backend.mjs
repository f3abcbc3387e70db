// Which backend `npm run up` and `npm run pulumi` give the Pulumi CLI: the one the user chose,
// else the local file backend in .smile-links/state, so that both commands see the same stacks
// on a fresh clone, without a login.
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./ensure-pulumi.mjs";
import { projectBackendUrl } from "./pulumi-project.mjs";

/** The local backend of both commands, gitignored. */
const localBackendDir = path.join(repoRoot, ".smile-links", "state");

/**
 * The backend the user chose, described for a message, or undefined when they chose none:
 * `PULUMI_BACKEND_URL`, `PULUMI_ACCESS_TOKEN` (Pulumi Cloud), the project's `backend.url`, or
 * the backend of a `pulumi login` (`current` in `$PULUMI_HOME/credentials.json`).
 *
 * @param {Record<string, string | undefined>} env
 * @param {string} projectDir where the CLI will look for Pulumi.yaml
 * @returns {string | undefined}
 */
export function chosenBackend(env, projectDir) {
  if (env.PULUMI_BACKEND_URL) return env.PULUMI_BACKEND_URL;
  if (env.PULUMI_ACCESS_TOKEN) return "Pulumi Cloud (PULUMI_ACCESS_TOKEN)";
  return projectBackendUrl(projectDir) ?? loggedInBackend(env);
}

/**
 * `current` of the CLI's credentials file: where `pulumi login` last logged in.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {string | undefined}
 */
function loggedInBackend(env) {
  const file = path.join(env.PULUMI_HOME || path.join(homedir(), ".pulumi"), "credentials.json");
  if (!existsSync(file)) return undefined;
  try {
    const current = JSON.parse(readFileSync(file, "utf8"))?.current;
    return typeof current === "string" && current !== "" ? current : undefined;
  } catch {
    // The CLI itself reports a broken credentials file.
    return undefined;
  }
}

/**
 * The variables that give the CLI its backend: none when the user chose one; else the local
 * backend (made if missing) and, unless a passphrase is set, the empty passphrase, since its
 * stacks of the emulator hold no real secret (docs/pipelines.md says what to set for a real
 * account). `backend` describes it for messages.
 *
 * @param {Record<string, string | undefined>} env
 * @param {string} projectDir
 * @returns {Promise<{ variables: Record<string, string>; backend: string }>}
 */
export async function backendVariables(env, projectDir) {
  const chosen = chosenBackend(env, projectDir);
  if (chosen !== undefined) return { variables: {}, backend: chosen };
  await mkdir(localBackendDir, { recursive: true });
  const url = pathToFileURL(localBackendDir).href;
  const passphraseSet =
    env.PULUMI_CONFIG_PASSPHRASE !== undefined || Boolean(env.PULUMI_CONFIG_PASSPHRASE_FILE);
  return {
    variables: {
      PULUMI_BACKEND_URL: url,
      ...(passphraseSet ? {} : { PULUMI_CONFIG_PASSPHRASE: "" }),
    },
    backend: url,
  };
}
