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
