import { Option } from "commander";

/**
 * The options of the commands that load links files as a program's `linksFromFile` does, for
 * the stack config keys a command line cannot read (`smileid:environment`,
 * `smileid:idTypeCatalog`).
 */
export function environmentOption(): Option {
  return new Option(
    "--environment <name>",
    "apply this environment's rules (production: https URLs)",
  )
    .choices(["sandbox", "production"])
    .default("sandbox");
}

export function catalogOption(): Option {
  return new Option(
    "--catalog <mode>",
    "ID types Smile ID's catalog does not list: strict fails them, warn reports them, off " +
      "does not look",
  )
    .choices(["strict", "warn", "off"])
    .default("strict");
}
