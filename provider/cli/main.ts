#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { isSmileLinksError } from "../errors";

/**
 * `smile-links`: the one error boundary of the command line. Commands return an exit code
 * and never call `process.exit`; usage errors exit 2, other failures 1 with one clear line.
 */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command("smile-links")
    .description("Smile Links as code: the local API emulator, links file validation and export")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("emulator")
    .description("run the local Smile Links API; prints its URL")
    .option("--port <n>", "port to listen on (0 picks a free one)", parsePort, 8788)
    .option("--host <address>", "loopback address to bind", "127.0.0.1")
    .option("--partner-id <id>", "partner id that requests must carry", "emulator-partner")
    .option("--api-key <key>", "API key that signs requests", "emulator-api-key")
    .option("--data <file>", "persist links in this JSON file")
    .action(async (options) => {
      const { runEmulator } = await import("./emulator");
      setExitCode(await runEmulator(options));
    });

  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CommanderError(2, "smile-links.usage", `--port must be 0-65535; got "${value}"`);
  }
  return port;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return ok ? 0 : 2;
    }
    process.stderr.write(
      `smile-links: ${isSmileLinksError(error) ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
