import type { Failure } from "./failures";

/**
 * Check failures in the form the engine prints well. The engine shows a failure that names a
 * property as `property P value V has a problem: R`, V looked up among the top-level inputs
 * only: for a nested path (`idTypes[0].country`) or an input not given it prints `{<nil>}`, and
 * for a list or a map Go's rendering of it. Such a failure is sent with no property, its path
 * leading the reason, which the engine prints as `resource 'name' has a problem:
 * idTypes[0].country: ...` (the reason names the value given). A failure of a top-level input
 * given as a string, number or boolean keeps the engine's form. `inputs` are the inputs as the
 * program gave them, secrets revealed.
 */
export function engineFailures(
  failures: readonly Failure[],
  inputs: Record<string, unknown>,
): Failure[] {
  return failures.map(({ property, reason }) => {
    if (property === "") return { property, reason };
    const value = Object.hasOwn(inputs, property) ? inputs[property] : undefined;
    const printsWell = ["string", "number", "boolean"].includes(typeof value);
    return printsWell ? { property, reason } : { property: "", reason: `${property}: ${reason}` };
  });
}
