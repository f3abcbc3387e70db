/**
 * Hints that name a setting, in the words of where the user is: a stack config key in a
 * program (`pulumi preview`, `linksFromFile`), a flag on the `smile-links` command line.
 */

/** Where a message is read: a Pulumi program, or the `smile-links` command line. */
export type Surface = "program" | "cli";

/** The name of each setting a hint may point at, on each surface. */
const SETTING_NAMES = {
  idTypeCatalog: { program: "smileid:idTypeCatalog", cli: "--catalog" },
} as const;

/** How to relax the catalog check when it refuses an ID type Smile ID may support already. */
export function catalogRelaxHint(surface: Surface = "program"): string {
  const name = SETTING_NAMES.idTypeCatalog[surface];
  const how = surface === "cli" ? `give ${name} warn or ${name} off` : `set ${name} to warn or off`;
  return ` (if Smile ID supports it already, ${how})`;
}

/** The note after a catalog warning: which setting made it a warning. */
export function catalogWarnNote(surface: Surface = "program"): string {
  const name = SETTING_NAMES.idTypeCatalog[surface];
  return surface === "cli" ? ` (${name} warn)` : ` (${name} is warn)`;
}
