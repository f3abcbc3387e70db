import { describe, expect, it } from "vitest";
import { redactor } from "../../provider/client/redact";

describe("hiding secrets in a message", () => {
  const redact = redactor({ apiKey: "sk-live-9f8e7d", proxySecrets: ["p", ""] });

  it.each([
    [
      "a key quoted in an answer",
      'key "sk-live-9f8e7d" is not valid',
      'key "[redacted]" is not valid',
    ],
    ["a key in a URL", "https://api/x?key=sk-live-9f8e7d&y=1", "https://api/x?key=[redacted]&y=1"],
    ["a key at either end", "sk-live-9f8e7d", "[redacted]"],
    [
      "a one-letter password standing alone",
      "http://u:p@proxy:3128",
      "http://u:[redacted]@proxy:3128",
    ],
  ])("hides %s", (_case, text, hidden) => {
    expect(redact(text)).toBe(hidden);
  });

  it("leaves words that merely contain a short secret as they are", () => {
    expect(redact("the proxy dropped the request")).toBe("the proxy dropped the request");
  });

  it("hides every occurrence", () => {
    expect(redact("sk-live-9f8e7d and sk-live-9f8e7d")).toBe("[redacted] and [redacted]");
  });

  it("hides the API key inside other text too: URL-encoded, or touching letters and digits", () => {
    expect(redact("next=%2Fx%3Fkey%3Dsk-live-9f8e7d%26y%3D1")).toBe(
      "next=%2Fx%3Fkey%3D[redacted]%26y%3D1",
    );
    expect(redact("Bearersk-live-9f8e7d0")).toBe("Bearer[redacted]0");
  });

  it("hides a key too short to be Smile's only where it stands whole, leaving words whole", () => {
    const short = redactor({ apiKey: "k" });
    expect(short("list links: check key=k")).toBe("list links: check key=[redacted]");
  });
});
