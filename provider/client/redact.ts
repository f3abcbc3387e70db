/**
 * A function that hides each of `secrets` (the API key, a proxy's user and password) wherever it
 * stands in a text as a whole: not next to another letter or digit, so that a short password
 * ("p") leaves the word "proxy" alone while the key, quoted or in a URL, is still hidden. The
 * messages never put a secret in on purpose; this is the net under an answer that echoes one.
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const patterns = secrets
    .filter((secret): secret is string => Boolean(secret))
    .map(
      (secret) =>
        new RegExp(
          `(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`,
          "g",
        ),
    );
  return (text) => patterns.reduce((out, pattern) => out.replace(pattern, "[redacted]"), text);
}
