/**
 * The engine runs a plugin as `pulumi-resource-smileid [--logtostderr] [-v=N] [--tracing URL]
 * ENGINE_ADDRESS` (as `@pulumi/pulumi`'s own provider server reads it, whose reader is internal).
 */
export function engineAddressOf(args: string[]): string | undefined {
  const rest = args.filter(
    (arg, index) =>
      arg !== "--logtostderr" &&
      !arg.startsWith("-v=") &&
      arg !== "--tracing" &&
      args[index - 1] !== "--tracing",
  );
  return rest[0];
}
