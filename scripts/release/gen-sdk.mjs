// `pulumi package gen-sdk` on the schema the plugin serves, with the project's Pulumi CLI and
// its code-generation host (the project's language hosts predate code generation).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ensureCodegenHost } from "../codegen-host.mjs";
import { ensurePulumi, pulumiEnv } from "../ensure-pulumi.mjs";
import { servedSchema } from "./schema.mjs";

const execFileAsync = promisify(execFile);

/**
 * Generates the `language` SDK of `schema` (by default the one the plugin serves) into
 * `<outDir>/<language>` and returns that directory.
 *
 * @param {{ language: "nodejs" | "python" | "go"; outDir: string; log?: (line: string) => void;
 *   schema?: Record<string, unknown> }} options
 * @returns {Promise<string>}
 */
export async function generateSdk({ language, outDir, log, schema = servedSchema() }) {
  const pulumi = await ensurePulumi({ log });
  const codegenHosts = await ensureCodegenHost({ log });
  const env = pulumiEnv({}, pulumi);
  // The CLI prefers a language host on PATH: the codegen host must come before the others.
  env.PATH = [codegenHosts, env.PATH].join(path.delimiter);
  const schemaDir = await mkdtemp(path.join(tmpdir(), "smile-links-schema-"));
  try {
    const schemaFile = path.join(schemaDir, "schema.json");
    await writeFile(schemaFile, JSON.stringify(schema));
    await execFileAsync(
      pulumi,
      ["package", "gen-sdk", schemaFile, "--language", language, "--out", outDir],
      { env },
    ).catch((error) => {
      throw new Error(`pulumi package gen-sdk --language ${language} failed:\n${error.stderr}`, {
        cause: error,
      });
    });
  } finally {
    await rm(schemaDir, { recursive: true, force: true });
  }
  return path.join(outDir, language);
}
