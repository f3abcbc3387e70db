import type { Environment } from "../link/types";
import { SETTING_SOURCES } from "../settings";
import { accountClient } from "./account";
import { measure } from "./doctor-probes";
import { doctorReport, renderText } from "./doctor-report";
import type { CliIo } from "./io";

export interface DoctorOptions {
  write?: boolean;
  json?: boolean;
  partnerId?: string;
  environment?: Environment;
  apiUrl?: string;
  /** Seconds to wait for each answer. */
  timeout?: string;
}

/**
 * Tells which reading of the docs the account's API follows and whether the provider is safe
 * on it: 0 when safe, 1 when not or the credentials are refused.
 */
export async function runDoctor(options: DoctorOptions, io: CliIo): Promise<number> {
  // The settings the provider would use, from the environment variables, each overridden by
  // its flag. The API key has no flag: a flag's value would stay in the shell's history. An API
  // URL from the environment would win over the one `--environment` names.
  const env =
    options.environment && !options.apiUrl
      ? { ...io.env, [SETTING_SOURCES.apiUrl.env]: undefined }
      : io.env;
  const client = accountClient(
    {
      partnerId: { flag: "--partner-id", value: options.partnerId },
      environment: { flag: "--environment", value: options.environment },
      apiUrl: { flag: "--api-url", value: options.apiUrl },
      timeoutSeconds: { flag: "--timeout", value: options.timeout },
    },
    io,
    env,
  );
  const report = doctorReport(await measure(client, options.write === true));
  io.stdout.write(options.json ? `${JSON.stringify(report.json, null, 2)}\n` : renderText(report));
  return report.exitCode;
}
