import { SmileLinksError } from "./errors";
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
} as const;

/** Reads a stack config key; undefined when unset. */
export type ConfigLookup = (key: string) => string | undefined;

/** Stack config wins over the environment variable; empty values count as unset. */
export function resolveSettings(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionSettings {
  const read = (setting: keyof typeof SETTING_SOURCES) => {
    const { config: key, env: variable } = SETTING_SOURCES[setting];
    return config(key) || env[variable] || undefined;
  };
  const environment = read("environment") ?? "sandbox";
  if (environment !== "sandbox" && environment !== "production") {
    throw new SmileLinksError(
      "config",
      `smileid:environment (or SMILE_ID_ENVIRONMENT) must be sandbox or production; got "${environment}"`,
    );
  }
  return {
    environment,
    catalog: parseCatalogMode(read("idTypeCatalog")),
    adoptOrphans: parseFlag("smileid:adoptOrphans", read("adoptOrphans")),
    apiUrl: read("apiUrl") ?? API_URLS[environment],
    partnerId: read("partnerId"),
    apiKey: read("apiKey"),
  };
}

function parseFlag(key: string, value: string | undefined): boolean {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new SmileLinksError("config", `${key} must be true or false; got "${value}"`);
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
    throw new SmileLinksError("config", `Smile ID credentials are missing: set ${how}.${hint}`);
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
