/** A command used wrongly (a file that cannot be read, say): the CLI exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
