import { SmileLinksError } from "./errors";
import { apiUrlProblem, apiUrlWarnings } from "./api-url";
import { parseCatalogMode, type CatalogMode } from "./link/catalog";
import { closestMatch } from "./link/suggest";
import type { Environment } from "./link/types";

/** Where the API is and who signs: resolved from stack config, then environment variables. */
export interface ConnectionSettings {
  environment: Environment;
  /** How check treats ID types Smile ID's catalog does not list. */
  catalog: CatalogMode;
  /** Whether creates take over links an interrupted run made (link/create/orphan-index.ts). */
  adoptOrphans: boolean;
  apiUrl: string;
  /** Where the API URL came from, as warnings name it: `smileid:apiUrl`, `--api-url`... */
  apiUrlSource: string;
  /** How long one request may wait for its answer. */
  timeoutMs: number;
  partnerId?: string;
  apiKey?: string;
}

export const API_URLS: Record<Environment, string> = {
  sandbox: "https://testapi.smileidentity.com/v1",
  production: "https://api.smileidentity.com/v1",
};

/** Each setting: its stack config key and its environment variable (README, "Configuration"). */
export const SETTING_SOURCES = {
  partnerId: { config: "smileid:partnerId", env: "SMILE_ID_PARTNER_ID" },
  apiKey: { config: "smileid:apiKey", env: "SMILE_ID_API_KEY" },
  environment: { config: "smileid:environment", env: "SMILE_ID_ENVIRONMENT" },
  apiUrl: { config: "smileid:apiUrl", env: "SMILE_ID_API_URL" },
  idTypeCatalog: { config: "smileid:idTypeCatalog", env: "SMILE_ID_ID_TYPE_CATALOG" },
  adoptOrphans: { config: "smileid:adoptOrphans", env: "SMILE_ID_ADOPT_ORPHANS" },
  timeoutSeconds: { config: "smileid:timeoutSeconds", env: "SMILE_ID_TIMEOUT_SECONDS" },
} as const;

export type Setting = keyof typeof SETTING_SOURCES;

/** Per request, unless set otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** A longer wait than this is a typo (milliseconds given as seconds), not a wish. */
const MAX_TIMEOUT_SECONDS = 3_600;

/** Reads a stack config key; undefined when unset. */
export type ConfigLookup = (key: string) => string | undefined;

/**
 * What the user calls the place a `ConfigLookup` reads each setting from: the Pulumi providers'
 * stack config keys, or a command's flags (`--api-url`); a setting absent here has only its
 * environment variable. Messages name settings this way, so that each surface names only what
 * it reads.
 */
export type SettingNames = Partial<Record<Setting, string>>;

export const PULUMI_SETTING_NAMES: SettingNames = Object.fromEntries(
  Object.entries(SETTING_SOURCES).map(([setting, { config }]) => [setting, config]),
);

/** "smileid:apiUrl or SMILE_ID_API_URL", "--api-url or SMILE_ID_API_URL", or "SMILE_ID_API_URL". */
export function howToSet(setting: Setting, names: SettingNames = PULUMI_SETTING_NAMES): string {
  const first = names[setting];
  const { env } = SETTING_SOURCES[setting];
  return first ? `${first} or ${env}` : env;
}

/**
 * The lookup wins over the environment variable; empty values count as unset. Every error names
 * where the bad value came from (`names`' name for the lookup, or the variable), the value, and
 * what is allowed, before any request.
 */
export function resolveSettings(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
  names: SettingNames = PULUMI_SETTING_NAMES,
): ConnectionSettings {
  const read = (setting: Setting): { value?: string; source: string } => {
    const { config: key, env: variable } = SETTING_SOURCES[setting];
    const fromLookup = config(key);
    if (fromLookup) return { value: fromLookup, source: names[setting] ?? key };
    return { value: env[variable] || undefined, source: variable };
  };
  const fail = (setting: Setting, message: string) => {
    throw new SmileLinksError("config", message, { setting });
  };
  const chosen = read("environment");
  const environment = chosen.value ?? "sandbox";
  if (environment !== "sandbox" && environment !== "production") {
    fail("environment", `${chosen.source} must be sandbox or production; got "${environment}".`);
  }
  const url = read("apiUrl");
  const problem = url.value === undefined ? undefined : apiUrlProblem(url.value);
  if (problem)
    fail("apiUrl", `${url.source} must be the API's URL; got "${url.value}": ${problem}.`);
  const catalog = read("idTypeCatalog");
  const adopt = read("adoptOrphans");
  return {
    environment: environment as Environment,
    catalog: parseCatalogMode(catalog.value, catalog.source),
    adoptOrphans: parseFlag(adopt.source, adopt.value),
    apiUrl: url.value ?? API_URLS[environment as Environment],
    apiUrlSource: url.value === undefined ? chosen.source : url.source,
    timeoutMs: parseTimeout(read("timeoutSeconds")),
    partnerId: read("partnerId").value,
    apiKey: read("apiKey").value,
  };
}

function parseFlag(source: string, value: string | undefined): boolean {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new SmileLinksError("config", `${source} must be true or false; got "${value}".`, {
    setting: "adoptOrphans",
  });
}

function parseTimeout({ value, source }: { value?: string; source: string }): number {
  return (
    (value === undefined ? DEFAULT_TIMEOUT_SECONDS : parseTimeoutSeconds(value, source)) * 1000
  );
}

/** A timeout in seconds, or a config error naming `source` (`--timeout`, a variable...). */
export function parseTimeoutSeconds(value: string, source: string): number {
  const seconds = value.trim() === "" ? NaN : Number(value);
  if (seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS) return seconds;
  throw new SmileLinksError(
    "config",
    `${source} must be a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS} ` +
      `(default ${DEFAULT_TIMEOUT_SECONDS}); got "${value}".`,
    { setting: "timeoutSeconds" },
  );
}

/**
 * What is likely wrong with usable settings, each a sentence: an API URL whose path does not
 * end in /v1, or plain http to another machine. Shown once before the first request.
 */
export function settingsWarnings(settings: Pick<ConnectionSettings, "apiUrl" | "apiUrlSource">) {
  return apiUrlWarnings(settings.apiUrl, settings.apiUrlSource);
}

/**
 * Where settings come from for a caller: a Pulumi operation gets stack config and environment
 * variables; the `smile-links` command line reads environment variables only.
 */
export type SettingsContext = "pulumi" | "environment" | "preview";

/**
 * Why a Pulumi operation may lack credentials that the stack config holds: refresh and destroy
 * configure providers with the config saved by the last `up` (the provider cannot tell which
 * operation it serves, so it names both cases).
 */
const SAVED_CONFIG_HINT =
  "If the stack config has them already: pulumi refresh and pulumi destroy configure the " +
  "provider with the stack config saved by the last pulumi up, so a value set since then " +
  "reaches them only with --run-program (pulumi refresh --run-program, pulumi destroy " +
  "--run-program), after the next pulumi up, or from the environment variable.";

/** The settings with credentials, or a config error saying how to set what is missing. */
export function requireCredentials(
  settings: ConnectionSettings,
  context: SettingsContext = "pulumi",
): Required<ConnectionSettings> {
  const missing = (["partnerId", "apiKey"] as const).filter((setting) => !settings[setting]);
  if (missing.length > 0) {
    const how = missing
      .map((setting) => {
        const { config, env } = SETTING_SOURCES[setting];
        const secret = setting === "apiKey" ? " --secret" : "";
        return context !== "environment"
          ? `${config} (pulumi config set${secret} ${config} ...) or ${env}`
          : env;
      })
      .join(", and ");
    // A preview runs the program, so the saved config plays no part in it.
    const hint =
      context === "pulumi"
        ? ` ${SAVED_CONFIG_HINT}`
        : context === "preview"
          ? " pulumi up would fail the same way."
          : "";
    throw new SmileLinksError("config", `Smile ID credentials are missing: set ${how}.${hint}`, {
      setting: missing[0],
    });
  }
  return settings as Required<ConnectionSettings>;
}

/**
 * The `smileid:*` keys that are no setting of this package, each with a "did you mean": the
 * rule of the native provider's CheckConfig, and of `SmileLink` for the dynamic provider.
 * `keys` are without the namespace (`apiKye`); `ignored` are keys the engine adds.
 */
export function unknownSettingProblems(
  keys: readonly string[],
  ignored: ReadonlySet<string> = new Set(),
): { property: string; reason: string }[] {
  const settings = Object.keys(SETTING_SOURCES);
  return keys
    .filter((key) => !ignored.has(key) && !settings.includes(key))
    .map((key) => {
      const near = closestMatch(key, settings);
      return {
        property: key,
        reason:
          `smileid:${key} is not a setting of the smileid provider` +
          (near ? `; did you mean smileid:${near}?` : `; it knows ${settings.join(", ")}`),
      };
    });
}
