import type { RunningEmulator } from "../../provider/emulator";
import smileLinkProvider from "../../provider/dynamic/provider";
import { API_KEY, PARTNER_ID } from "./emulator";

export { smileLinkProvider };

/** Stack config as the dynamic-provider host passes it to `configure`. */
export async function configureStack(config: Record<string, string>): Promise<void> {
  await smileLinkProvider.configure({
    config: {
      get: (key) => config[key],
      require: (key) => {
        const value = config[key];
        if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return value;
      },
    },
  });
}

/** Configures the provider, through stack config, to use the emulator. */
export function configureFor(emulator: RunningEmulator): Promise<void> {
  return configureStack({
    "smileid:apiUrl": emulator.url,
    "smileid:partnerId": PARTNER_ID,
    "smileid:apiKey": API_KEY,
  });
}

/** Stack config that holds credentials, for tests of other settings: check wants them. */
export const CREDENTIALS: Record<string, string> = {
  "smileid:partnerId": PARTNER_ID,
  "smileid:apiKey": API_KEY,
};
