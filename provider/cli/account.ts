import { SmileLinksClient } from "../client/client";
import {
  requireCredentials,
  resolveSettings,
  settingsWarnings,
  SETTING_SOURCES,
  type Setting,
  type SettingNames,
} from "../settings";
import type { CliIo } from "./io";

/** A command's flag for a setting, and the value given (undefined when not given). */
export type SettingFlags = Partial<Record<Setting, { flag: string; value?: string }>>;

/**
 * The client of the account a command reads: its settings from its flags, then the environment
 * variables (never stack config), with every message naming those; what is likely wrong with
 * the API URL written to stderr before the first request.
 */
export function accountClient(
  flags: SettingFlags,
  io: CliIo,
  env: NodeJS.ProcessEnv = io.env,
): SmileLinksClient {
  const entries = Object.entries(flags) as [Setting, { flag: string; value?: string }][];
  const names: SettingNames = Object.fromEntries(
    entries.map(([setting, { flag }]) => [setting, flag]),
  );
  const lookup = (key: string) =>
    entries.find(([setting]) => SETTING_SOURCES[setting].config === key)?.[1].value;
  const settings = requireCredentials(resolveSettings(lookup, env, names), "environment");
  for (const warning of settingsWarnings(settings))
    io.stderr.write(`smile-links: warning: ${warning}\n`);
  const { apiUrl, partnerId, apiKey, timeoutMs } = settings;
  return new SmileLinksClient({ apiUrl, partnerId, apiKey, timeoutMs, settingNames: names });
}
