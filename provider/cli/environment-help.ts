import { DEFAULT_TIMEOUT_SECONDS, SETTING_SOURCES } from "../settings";

/**
 * The "Environment:" section of each command's `--help`: what the command reads besides its
 * arguments. The command line never reads stack config; where a program uses a `smileid:*`
 * key, a command takes an environment variable or a flag.
 */

const ACCOUNT_VARIABLES: readonly [string, string][] = [
  [SETTING_SOURCES.partnerId.env, "partner id (required)"],
  [SETTING_SOURCES.apiKey.env, "API key that signs each request (required; it has no flag)"],
  [SETTING_SOURCES.environment.env, "sandbox (default) or production"],
  [SETTING_SOURCES.apiUrl.env, "API root ending in /v1; overrides the environment"],
  [
    SETTING_SOURCES.timeoutSeconds.env,
    `seconds each request waits for its answer (default ${DEFAULT_TIMEOUT_SECONDS})`,
  ],
  ["HTTPS_PROXY, NO_PROXY", "the proxy to reach the API through, and hosts to reach directly"],
];

const PULUMI_VARIABLE: [string, string] = [
  "SMILE_LINKS_PULUMI",
  "the Pulumi CLI that --stack runs (default: pulumi on PATH)",
];

function section(lines: readonly [string, string][], note?: string): string {
  const width = Math.max(...lines.map(([name]) => name.length));
  const rows = lines.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`);
  return ["", "Environment:", ...rows, ...(note ? ["", note] : [])].join("\n");
}

const NONE =
  "\nEnvironment:\n  none: this command reads no environment variables and no stack config";

/** The help text each command shows after its options. */
export const ENVIRONMENT_HELP = {
  emulator: NONE,
  validate:
    `${NONE}.\n  Where a program reads smileid:environment and smileid:idTypeCatalog, ` +
    "give --environment and --catalog",
  diff:
    `${NONE}.\n  --base runs git (from PATH) in each head file's repository.\n  Where a program ` +
    "reads smileid:environment and smileid:idTypeCatalog, give --environment and --catalog",
  export: section(
    ACCOUNT_VARIABLES,
    "--timeout overrides its variable. Stack config (smileid:*) is not read.",
  ),
  doctor: section(
    ACCOUNT_VARIABLES,
    "--partner-id, --environment, --api-url and --timeout override their variables. Stack " +
      "config is not read.",
  ),
  audit: section(
    [...ACCOUNT_VARIABLES, PULUMI_VARIABLE],
    "The account is read as export reads it; the stacks' links come from --state or --stack.",
  ),
} as const;
