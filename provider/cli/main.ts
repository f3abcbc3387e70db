#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EMULATOR_CREDENTIALS } from "../emulator/auth";
import {
  CREATE_STATUSES,
  DOCUMENTED_READING,
  ERROR_SHAPES,
  LIST_PATH_READINGS,
  PARTNER_PARAMS_READINGS,
  REF_ID_STYLES,
} from "../emulator/reading";
import { readFileSync } from "node:fs";
import path from "node:path";
import { isSmileLinksError, messageOf } from "../errors";
import { parseTimeoutSeconds } from "../settings";
import { ENVIRONMENT_HELP } from "./environment-help";
import { catalogOption, environmentOption } from "./links-file-options";
import { processIo, type CliIo, type CliStream } from "./io";
import { unfinishedMessage, watchUnansweredRequests } from "./unfinished";
import { UsageError } from "./usage-error";

/**
 * `smile-links`: the one error boundary of the command line. Commands return an exit code
 * and never call `process.exit`; usage errors exit 2, other failures 1 with one clear line.
 */
export function buildProgram(setExitCode: (code: number) => void, io: CliIo): Command {
  const program = new Command("smile-links")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
    })
    .description("Smile Links as code: the local API emulator, links file validation and export")
    .version(packageVersion(), "-V, --version", "print the package's version")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("emulator")
    .description("run the local Smile Links API; prints its URL")
    .option("--port <n>", "port to listen on (0 picks a free one)", parsePort, 8788)
    .option("--host <address>", "loopback address to bind", "127.0.0.1")
    .option(
      "--partner-id <id>",
      "partner id that requests must carry",
      EMULATOR_CREDENTIALS.partnerId,
    )
    .option("--api-key <key>", "API key that signs requests", EMULATOR_CREDENTIALS.apiKey)
    .option("--data <file>", "persist links in this JSON file")
    .addOption(
      new Option(
        "--list-path <path>",
        "where links are listed: the docs' literal /smile_links/:list, /smile_links/list, or both",
      )
        .choices(LIST_PATH_READINGS)
        .default(DOCUMENTED_READING.listPath),
    )
    .addOption(
      new Option("--partner-params <where>", "which answers carry a link's partner_params")
        .choices(PARTNER_PARAMS_READINGS)
        .default(DOCUMENTED_READING.partnerParams),
    )
    .addOption(
      new Option(
        "--error-shape <shape>",
        "error bodies: { error, code: word } with 401 for bad credentials, or Smile's own " +
          '{ code: "2205", error } with 400',
      )
        .choices(ERROR_SHAPES)
        .default(DOCUMENTED_READING.errorShape),
    )
    .addOption(
      new Option("--create-status <status>", "HTTP status of a successful create")
        .choices(CREATE_STATUSES.map(String))
        .default(String(DOCUMENTED_READING.createStatus)),
    )
    .addOption(
      new Option(
        "--ref-ids <style>",
        "new links' ids: 16 hex digits at /links/{id}, or UUIDs at /{partner-id}/{uuid} as Smile's",
      )
        .choices(REF_ID_STYLES)
        .default(DOCUMENTED_READING.refIds),
    )
    .addHelpText("after", ENVIRONMENT_HELP.emulator)
    .action(async (options) => {
      const { runEmulator } = await import("./emulator.js");
      setExitCode(await runEmulator(options, io));
    });

  program
    .command("validate")
    .description(
      "check links files offline, each link as the preview of a new stack judges it; every " +
        "problem as file:line:column: message",
    )
    .argument("<files...>", "links files (YAML)")
    .option("--json", "print the result as one JSON object")
    .addOption(environmentOption())
    .addOption(catalogOption())
    .addHelpText("after", ENVIRONMENT_HELP.validate)
    .action(async (files: string[], options) => {
      const { runValidate } = await import("./validate.js");
      setExitCode(await runValidate(files, options, io));
    });

  program
    .command("diff")
    .description(
      "what a merge would do to each link, from the links files alone: created, adopted, " +
        "updated in place, replaced, disabled; exits 0 with no changes, 1 with changes, 2 when " +
        "a file is invalid or missing",
    )
    .argument(
      "[files...]",
      "BASE_FILE HEAD_FILE; with --base, the head files (default: links.yaml)",
    )
    .option("--base <ref>", "compare each file with the same path at this git ref")
    .addOption(new Option("--json", "print the result as one JSON object").conflicts("markdown"))
    .option("--markdown", "print Markdown for a pull request comment")
    .addOption(environmentOption())
    .addOption(catalogOption())
    .addHelpText("after", ENVIRONMENT_HELP.diff)
    .action(async (files: string[], options) => {
      const { runDiff } = await import("./diff.js");
      setExitCode(await runDiff(files, options, io));
    });

  program
    .command("export")
    .description("write the account's links (every page) as a links file that adopts them")
    .option("--out <file>", "write to this file instead of standard output; never replaces one")
    .option("--force", "replace the --out file if it exists (written whole, then renamed)")
    .option("--include-disabled", "keep disabled links, as isDisabled: true")
    .addOption(timeoutOption())
    .addHelpText("after", ENVIRONMENT_HELP.export)
    .action(async (options, command: Command) => {
      if (options.force && !options.out) {
        // Standard output is never replaced by us: a --force meant for a file names none.
        command.error("error: --force replaces the --out file; give --out FILE with it", {
          exitCode: 2,
          code: "smile-links.usage",
        });
      }
      const { runExport } = await import("./export.js");
      setExitCode(await runExport(options, io));
    });

  program
    .command("doctor")
    .description(
      "check that the provider is safe on this account's API: which list path answers, where " +
        "answers show partner_params, whether the credentials work; exits 0 when safe, 1 when " +
        "not. Reads SMILE_ID_PARTNER_ID, SMILE_ID_ENVIRONMENT, SMILE_ID_API_URL (the flags " +
        "override them), and the API key from SMILE_ID_API_KEY only: it has no flag, which " +
        "would leave it in the shell's history",
    )
    .option(
      "--write",
      "also create one test link (single use, expiring within the hour), read it back, and " +
        "disable it",
    )
    .option("--json", "print the result as one JSON object")
    .option("--partner-id <id>", "partner id (default: SMILE_ID_PARTNER_ID)")
    .addOption(
      new Option(
        "--environment <name>",
        "API of this environment (default: SMILE_ID_ENVIRONMENT)",
      ).choices(["sandbox", "production"]),
    )
    .option("--api-url <url>", "API root ending in /v1 (default: SMILE_ID_API_URL)")
    .addOption(timeoutOption())
    .addHelpText("after", ENVIRONMENT_HELP.doctor)
    .action(async (options) => {
      const { runDoctor } = await import("./doctor.js");
      setExitCode(await runDoctor(options, io));
    });

  program
    .command("audit")
    .description(
      "compare the account's links with the links that stacks hold: unmanaged, disabled, " +
        "missing, drifted, expired, elsewhere; exits 0 when clean, 1 with findings. Reads the " +
        "account as export does (SMILE_ID_PARTNER_ID, SMILE_ID_API_KEY, SMILE_ID_ENVIRONMENT, " +
        "SMILE_ID_API_URL); never writes to it",
    )
    .addOption(
      new Option("--state <files...>", "stack exports written by pulumi stack export").conflicts(
        "stack",
      ),
    )
    .option(
      "--stack <names...>",
      "stacks to export with the Pulumi CLI ($SMILE_LINKS_PULUMI, else pulumi on PATH)",
    )
    .option("--cwd <dir>", "the Pulumi project directory for --stack (default: this one)")
    .addOption(new Option("--json", "print the result as one JSON object").conflicts("markdown"))
    .option("--markdown", "print the findings as a Markdown table")
    .option("--include-disabled", "report disabled links that no stack holds as unmanaged too")
    .addOption(timeoutOption())
    .addHelpText("after", ENVIRONMENT_HELP.audit)
    .action(async (options, command: Command) => {
      if (!options.state && !options.stack) {
        command.error("error: give the stacks to audit with --state FILE... or --stack NAME...", {
          exitCode: 2,
          code: "smile-links.usage",
        });
      }
      const { runAudit } = await import("./audit.js");
      setExitCode(await runAudit(options, io));
    });

  return program;
}

/** The version in the package's own package.json (read when the program is built, not at import). */
function packageVersion(): string {
  // dist/cli/main.js and provider/cli/main.ts both sit two levels below the package root.
  const file = path.join(__dirname, "..", "..", "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** A terminal's width; commander's default, 80, for a pipe or a file. */
function helpWidth(stream: CliStream): number {
  return (stream.isTTY && stream.columns) || 80;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(
      `--port must be a whole number from 0 to 65535; got "${value}".`,
    );
  }
  return port;
}

/** `--timeout` of the commands that call the API; checked as SMILE_ID_TIMEOUT_SECONDS is. */
function timeoutOption(): Option {
  return new Option(
    "--timeout <seconds>",
    "how long each request waits for its answer (default: SMILE_ID_TIMEOUT_SECONDS, else 30)",
  ).argParser((value: string) => {
    try {
      parseTimeoutSeconds(value, "--timeout");
      return value;
    } catch (error) {
      throw new InvalidArgumentError(messageOf(error));
    }
  });
}

/** Runs one command line; the exit code is returned, never set on the process. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code), io);
  let running: Command | undefined;
  program.hook("preAction", (_, command) => {
    running = command;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return ok ? 0 : 2;
    }
    const known = isSmileLinksError(error) || error instanceof UsageError;
    const message = known ? error.message : String(error);
    // A pipeline that reads a command's --json gets an object for its failure too.
    if (running?.opts().json) io.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    io.stderr.write(`smile-links: ${message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const unanswered = watchUnansweredRequests();
  let finished = false;
  main(argv).then((code) => {
    finished = true;
    process.exitCode = code;
  });
  // Node.js had nothing left to wait for while the command's work was still pending.
  process.once("beforeExit", () => {
    if (finished) return;
    process.exitCode = 1;
    const command = argv.find((arg) => !arg.startsWith("-"));
    process.stderr.write(`${unfinishedMessage(command, unanswered())}\n`);
  });
}
