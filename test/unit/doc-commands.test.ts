import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandsOf, COVERAGE, documentedCommands, keyOf } from "../helpers/doc-commands";

/**
 * Every shell command of the README and docs/ is run by a test, here on a fresh copy of the
 * repository (test/engine/doc-commands.test.ts) or by the test of the project it is written for,
 * or is listed with why no test can run it (test/helpers/doc-commands.ts, COVERAGE).
 */
const root = path.resolve(__dirname, "../..");
const keys = documentedCommands().map(keyOf);

describe("the commands of the README and docs/", () => {
  it("each have a line in COVERAGE", () => {
    expect(keys.filter((key) => !(key in COVERAGE))).toEqual([]);
  });

  it("are all that COVERAGE lists", () => {
    expect(Object.keys(COVERAGE).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it("are covered by tests that exist", () => {
    const files = Object.values(COVERAGE).flatMap((how) =>
      "coveredBy" in how ? [how.coveredBy] : [],
    );
    expect(files.filter((file) => !existsSync(path.join(root, file)))).toEqual([]);
  });
});

describe("reading the commands of a page", () => {
  const page = [
    "# Title",
    "```sh",
    "npm run build     # compiles",
    "# a comment line",
    "pulumi preview --policy-pack node_modules/x \\",
    "  --policy-pack-config c.json",
    "```",
    "## Steps",
    "1. Do it:",
    "   ```bash",
    "   npm test",
    "   ```",
    "```yaml",
    "# not a heading: key: value",
    "```",
    "```",
    "output, not a command",
    "```",
  ].join("\n");

  it("joins continued lines, drops comments, reads indented blocks, and names the section", () => {
    expect(commandsOf("p.md", page)).toEqual([
      { page: "p.md", section: "Title", block: 2, command: "npm run build" },
      {
        page: "p.md",
        section: "Title",
        block: 2,
        command: "pulumi preview --policy-pack node_modules/x --policy-pack-config c.json",
      },
      { page: "p.md", section: "Steps", block: 10, command: "npm test" },
    ]);
  });
});
