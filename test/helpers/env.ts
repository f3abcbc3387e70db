/**
 * Runs `task` with some environment variables set (a string) or removed (undefined), then puts
 * back exactly those keys as they were. `process.env` itself is never replaced: Node gives it
 * special behaviour (values coerced to strings, seen by child processes) that a copy lacks.
 */
export async function withEnv<T>(
  variables: Record<string, string | undefined>,
  task: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(variables);
  try {
    return await task();
  } finally {
    apply(saved);
  }
}

/**
 * The environment for git in a test's own repository: without the user's or the system's git
 * config (commit signing, hooks paths) and without GIT_* variables that a git hook running the
 * tests would pass on (GIT_DIR, GIT_INDEX_FILE), which would point git at another repository.
 */
export function gitEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(([name]) => !name.startsWith("GIT_"));
  return { ...Object.fromEntries(kept), GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
}
