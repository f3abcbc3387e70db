// What the arguments of `npm run pulumi` say: the command's words, the folder it works in, the
// stack it names, and whether it generates code, needs its stack to exist or chooses the backend.
import path from "node:path";

/** Flags of the CLI that take their value as the next argument. */
const flagsWithValue = new Set([
  "-C",
  "--cwd",
  "--color",
  "--tracing",
  "--tracing-header",
  "--profiling",
  "--memprofilerate",
  "-v",
  "--verbose",
  "-s",
  "--stack",
]);

/**
 * The command words of `args`, flags and their values left out: `["package", "gen-sdk", "x"]`
 * for `--color never package gen-sdk x --language python`.
 *
 * @param {string[]} args
 * @returns {string[]}
 */
export function commandWords(args) {
  const words = [];
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--") break;
    if (arg.startsWith("-")) {
      if (flagsWithValue.has(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

/**
 * Whether the command asks a language host to write code (GeneratePackage or GenerateProgram):
 * `package gen-sdk` and `import` (the code it prints). `convert` is not among
 * them: it asks for GenerateProject, which no host built here serves.
 *
 * @param {string[]} args
 * @returns {boolean}
 */
export function generatesCode(args) {
  const [first, second] = commandWords(args);
  return first === "import" || (first === "package" && second === "gen-sdk");
}

/**
 * The directory the CLI takes for the project: `--cwd DIR` / `-C DIR` resolved against `cwd`,
 * else `cwd`.
 *
 * @param {string[]} args
 * @param {string} cwd
 * @returns {string}
 */
export function workingDir(args, cwd) {
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--") break;
    if ((arg === "-C" || arg === "--cwd") && args[i + 1] !== undefined) {
      return path.resolve(cwd, /** @type {string} */ (args[i + 1]));
    }
    const inline = /^(?:-C|--cwd)=(.+)$/.exec(arg);
    if (inline?.[1]) return path.resolve(cwd, inline[1]);
  }
  return cwd;
}

/**
 * The stack that `args` name with `--stack NAME`, `-s NAME` or `--stack=NAME`, or undefined.
 *
 * @param {string[]} args
 * @returns {string | undefined}
 */
export function stackArg(args) {
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--") break;
    if ((arg === "--stack" || arg === "-s") && args[i + 1] !== undefined) return args[i + 1];
    const inline = /^--stack=(.+)$/.exec(arg);
    if (inline?.[1]) return inline[1];
  }
  return undefined;
}

/** `stack` subcommands that work on a stack that must exist. */
const stackSubcommandsOnAStack = new Set([
  "output",
  "export",
  "import",
  "history",
  "tag",
  "graph",
  "change-secrets-provider",
]);

/**
 * Whether the command works on a stack that must already exist: `up`, `preview`, `config`,
 * `stack output` and the like; not `stack init`, `stack select` (which may `--create` it),
 * `stack ls` or `stack rm`.
 *
 * @param {string[]} args
 * @returns {boolean}
 */
export function needsExistingStack(args) {
  const [first, second] = commandWords(args);
  if (first === "stack") return stackSubcommandsOnAStack.has(second ?? "");
  return [
    "up",
    "update",
    "preview",
    "refresh",
    "destroy",
    "import",
    "config",
    "state",
    "cancel",
    "watch",
  ].includes(first ?? "");
}

/**
 * Whether the command chooses the CLI's backend itself: `login` and `logout`, which act on the
 * user's `current` backend in `~/.pulumi/credentials.json`, that of all their projects. They
 * must get no backend of this repository's: `login` would record the clone's local state folder
 * there.
 *
 * @param {string[]} args
 * @returns {boolean}
 */
export function choosesBackend(args) {
  const [first] = commandWords(args);
  return first === "login" || first === "logout";
}
