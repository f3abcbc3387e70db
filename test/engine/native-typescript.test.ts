import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LINK_EXAMPLES } from "../../provider/codegen/resource-docs";
import { describeNativeLifecycle, previewRefusesBrokenRule } from "../helpers/native-lifecycle";
import { execute } from "../helpers/pulumi-run";

// A TypeScript project that declares links with the native provider's generated SDK.
const { project, onboarding } = describeNativeLifecycle("typescript");

describe("the generated Node.js SDK", () => {
  it("compiles the package schema's TypeScript example against the generated SDK", async () => {
    const { dir } = project();
    // A folder of its own with its own tsconfig, so the program `pulumi up` runs stays index.ts.
    const exampleDir = path.join(dir, "docs-example");
    await mkdir(exampleDir);
    await writeFile(path.join(exampleDir, "example.ts"), `${LINK_EXAMPLES.typescript}\n`);
    await writeFile(
      path.join(exampleDir, "tsconfig.json"),
      JSON.stringify({ extends: "../tsconfig.json", files: ["example.ts"] }),
    );
    const tsc = await execute(
      path.join(dir, "node_modules", ".bin", "tsc"),
      ["--noEmit", "-p", exampleDir],
      { cwd: dir, env: process.env },
    );
    expect(tsc.code, tsc.output).toBe(0);
  });
});

describe("a TypeScript program whose input breaks a rule", { timeout: 120_000 }, () => {
  // native-go.test.ts expects the same of a Go program.
  it("fails its preview with the engine's message around the plugin's reason", () =>
    previewRefusesBrokenRule(onboarding()));
});
