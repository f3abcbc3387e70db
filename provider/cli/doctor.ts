import { SmileLinksClient } from "../client/client";
import type { Environment } from "../link/types";
import {
  requireCredentials,
  resolveSettings,
  SETTING_SOURCES,
  type ConnectionSettings,
} from "../settings";
import { measure } from "./doctor-probes";
import { doctorReport, renderText } from "./doctor-report";
import type { CliIo } from "./io";

export interface DoctorOptions {
  write?: boolean;
  json?: boolean;
  partnerId?: string;
  environment?: Environment;
  apiUrl?: string;
}

/**
 * The settings the provider would use, from the environment variables, each overridden by its
 * flag. The API key has no flag: a flag's value would stay in the shell's history.
 */
function settingsFor(options: DoctorOptions, environment: NodeJS.ProcessEnv): ConnectionSettings {
  const flags: Record<string, string | undefined> = {
    [SETTING_SOURCES.partnerId.config]: options.partnerId,
    [SETTING_SOURCES.environment.config]: options.environment,
    [SETTING_SOURCES.apiUrl.config]: options.apiUrl,
  };
  // An API URL from the environment would win over the one `--environment` names.
  const env =
    options.environment && !options.apiUrl
      ? { ...environment, [SETTING_SOURCES.apiUrl.env]: undefined }
      : environment;
  return resolveSettings((key) => flags[key], env);
}

/**
 * Tells which reading of the docs the account's API follows and whether the provider is safe
 * on it: 0 when safe, 1 when not or the credentials are refused.
 */
export async function runDoctor(options: DoctorOptions, io: CliIo): Promise<number> {
  const { apiUrl, partnerId, apiKey } = requireCredentials(
    settingsFor(options, io.env),
    "environment",
  );
  const client = new SmileLinksClient({ apiUrl, partnerId, apiKey });
  const report = doctorReport(await measure(client, options.write === true));
  io.stdout.write(options.json ? `${JSON.stringify(report.json, null, 2)}\n` : renderText(report));
  return report.exitCode;
}
