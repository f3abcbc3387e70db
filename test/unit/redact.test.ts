import { describe, expect, it } from "vitest";
import { redactor } from "../../provider/client/redact";

describe("hiding secrets in a message", () => {
  const redact = redactor(["sk-live-9f8e7d", "p", undefined]);

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
});
