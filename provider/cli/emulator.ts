import {
  DOCUMENTED_READING,
  parseReading,
  startEmulator,
  type ApiReading,
  type ErrorShape,
  type ListPathReading,
  type PartnerParamsReading,
  type RefIdStyle,
} from "../emulator";
import type { CliIo } from "./io";

export interface EmulatorCommandOptions {
  port: number;
  host: string;
  partnerId: string;
  apiKey: string;
  data?: string;
  listPath: ListPathReading;
  partnerParams: PartnerParamsReading;
  errorShape: ErrorShape;
  /** As typed: commander checks it against the choices, "200", "201" or "202". */
  createStatus: string;
  refIds: RefIdStyle;
}

/** The line that says which reading of the docs is played; none for the documented one. */
function readingLine(reading: ApiReading): string | undefined {
  const fields = Object.keys(DOCUMENTED_READING) as (keyof ApiReading)[];
  if (fields.every((field) => reading[field] === DOCUMENTED_READING[field])) return undefined;
  const choices = fields.map((field) => `${field}=${reading[field]}`).join(" ");
  return `Plays a reading of the API docs other than the documented one: ${choices}`;
}

/** Runs the emulator until SIGINT or SIGTERM; the first line printed is its URL. */
export async function runEmulator(
  options: EmulatorCommandOptions,
  { stdout }: CliIo,
): Promise<number> {
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    partnerId: options.partnerId,
    apiKey: options.apiKey,
    dataFile: options.data,
    reading: parseReading({
      listPath: options.listPath,
      partnerParams: options.partnerParams,
      errorShape: options.errorShape,
      createStatus: Number(options.createStatus),
      refIds: options.refIds,
    }),
  });
  stdout.write(`${emulator.url}\n`);
  const line = readingLine(emulator.reading);
  if (line) stdout.write(`${line}\n`);
  stdout.write(
    `Point the provider at it: SMILE_ID_API_URL=${emulator.url} SMILE_ID_PARTNER_ID=${options.partnerId}` +
      ` and SMILE_ID_API_KEY set to the --api-key value.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.close();
  return 0;
}
