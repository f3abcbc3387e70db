import { describe, expect, it } from "vitest";
import { withEnv } from "../helpers/env";
import { serializedProvider } from "../helpers/serialized-provider";

describe("the serialized provider stored with every link", () => {
  it("captures no credential, even with credentials in the environment", async () => {
    const text = await withEnv(
      {
        SMILE_ID_API_KEY: "sk-live-serialization-canary-7f3a",
        SMILE_ID_PARTNER_ID: "partner-canary-991",
      },
      () => serializedProvider(),
    );
    expect(text).not.toContain("sk-live-serialization-canary-7f3a");
    expect(text).not.toContain("partner-canary-991");
    expect(text).not.toMatch(/SMILE_ID_|apiKey/);
  });

  it("stays thin: under 8 KiB, with no client or library code inside", async () => {
    const text = await serializedProvider();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(8_192);
    expect(text).not.toMatch(/axios|zod|createHmac/);
  });

  it("loads the installed implementation at run time", async () => {
    expect(await serializedProvider()).toContain('"pulumi-smile-links/implementation"');
  });
});
