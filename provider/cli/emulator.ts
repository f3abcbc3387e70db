import { startEmulator } from "../emulator";

export interface EmulatorOptions {
  port: number;
  host: string;
  partnerId: string;
  apiKey: string;
  data?: string;
}

/** Runs the emulator until SIGINT or SIGTERM; the first line printed is its URL. */
export async function runEmulator(options: EmulatorOptions): Promise<number> {
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    partnerId: options.partnerId,
    apiKey: options.apiKey,
    dataFile: options.data,
  });
  process.stdout.write(`${emulator.url}\n`);
  process.stdout.write(
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
