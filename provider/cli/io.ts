/** Where one run of `smile-links` writes, and whose environment and directory it reads. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  /** The directory relative paths given to validate, export and audit are taken from. */
  cwd: string;
}

/** The part of a terminal stream the commands use: commander sizes help to a terminal's width. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** This process's streams, environment and working directory: the installed command's. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
