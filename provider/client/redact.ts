/** The secrets a client's messages must never show. */
export interface Secrets {
  /** The API key: hidden wherever it appears (only where it stands whole if it is short). */
  apiKey?: string;
  /** A proxy's user and password (ProxyRoute.secrets): hidden where they stand whole. */
  proxySecrets?: readonly string[];
}

/** `secret` as a regular expression that matches it where no letter or digit touches it. */
function whole(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g");
}

/** Smile's API keys are long; a key shorter than this is no real one (a test's "k"). */
const SHORT_KEY = 8;

/**
 * A function that hides the secrets in a text. The API key is hidden wherever it appears, quoted,
 * in a URL, URL-encoded (`key%3D...`) or touching other letters or digits. A proxy's user and
 * password, and a key too short to be Smile's, are hidden only where they stand whole, not next
 * to another letter or digit, so that a short password ("p") leaves the word "proxy" alone and a
 * key "k" the word "link". The messages never put a secret in on purpose; this is the net under
 * an answer that echoes one.
 */
export function redactor({ apiKey, proxySecrets = [] }: Secrets): (text: string) => string {
  const shortKey = apiKey !== undefined && apiKey.length < SHORT_KEY;
  const patterns = [...proxySecrets, ...(shortKey ? [apiKey] : [])].filter(Boolean).map(whole);
  return (text) => {
    const keyHidden = apiKey && !shortKey ? text.replaceAll(apiKey, "[redacted]") : text;
    return patterns.reduce((out, pattern) => out.replace(pattern, "[redacted]"), keyHidden);
  };
}
