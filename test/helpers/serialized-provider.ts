import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import type * as Package from "../../provider";

/** The built package, as users run it (`npm test` builds first). */
export function builtPackage(): typeof Package {
  return require(path.resolve(__dirname, "../../dist/index.js"));
}

/** The `__provider` text exactly as `pulumi.dynamic.Resource` stores it in state. */
export async function serializedProvider(): Promise<string> {
  const { smileLinkProvider } = builtPackage();
  const serialized = await pulumi.runtime.serializeFunction(() => smileLinkProvider, {
    allowSecrets: true,
  });
  return serialized.text;
}
