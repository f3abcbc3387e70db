import { isSmileLinksError } from "../errors";
import { UNKNOWN } from "../link/engine-values";
import {
  resolveSettings,
  SETTING_SOURCES,
  unknownSettingProblems,
  type ConfigLookup,
  type Setting,
} from "../settings";
import { reveal, secret, type Props } from "./values";

/**
 * The provider's settings as the engine sends them: the inputs of the provider resource, that
 * is the `smileid:*` stack config without its namespace (`apiKey`), or the arguments of an
 * explicit `new smileid.Provider(...)`. Refresh and destroy send the inputs stored in state.
 */

const SETTING_NAMES = Object.keys(SETTING_SOURCES) as Setting[];
/** Inputs the engine adds to every provider resource. */
const ENGINE_INPUTS = new Set(["version", "pluginDownloadURL"]);

/**
 * The provider inputs as the `ConfigLookup` settings.ts reads (namespaced keys). SDKs send
 * non-string provider arguments as JSON text (`true`), and stack config is text already.
 */
export function configLookup(inputs: Props): ConfigLookup {
  const plain = reveal(inputs) as Props;
  return (key) => {
    const setting = SETTING_NAMES.find((name) => SETTING_SOURCES[name].config === key);
    const value = setting === undefined ? undefined : plain[setting];
    // A provider argument not known yet (preview) counts as unset until it is.
    return value === undefined || value === null || value === UNKNOWN ? undefined : String(value);
  };
}

export interface ConfigCheck {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

/**
 * CheckConfig: every setting is known and valid before any API call, and the API key is marked
 * secret even when it was set without `--secret`, so that state holds it encrypted. Environment
 * variables are not looked at here: the plugin reads them fresh when it runs.
 */
export function checkConfig(news: Props): ConfigCheck {
  const failures: ConfigCheck["failures"] = unknownSettingProblems(
    Object.keys(news),
    ENGINE_INPUTS,
  );
  try {
    resolveSettings(configLookup(news), {});
  } catch (error) {
    if (!isSmileLinksError(error)) throw error;
    failures.push({ property: error.details.setting ?? "", reason: error.message });
  }
  const inputs = news.apiKey === undefined ? news : { ...news, apiKey: secret(news.apiKey) };
  return { inputs, failures };
}
