import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_KEY } from "../link/engine-values";
import { OUTPUT_NAMES } from "../link/output-fields";
import { LINK_TYPE_NAME, PACKAGE_NAME } from "../link/type-tokens";
import { unknownSettingProblems } from "../settings";
import type { IdTypeArgs, SmileLinkArgs, SmileLinkProperties } from "./declarations";
import smileLinkProvider from "./provider";

export type { IdTypeArgs, SmileLinkArgs };

// Declaration merging types the properties the dynamic resource gets from its outputs at run
// time; a class cannot declare members from another type.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface SmileLink extends SmileLinkProperties {}

/** A Smile Link (Smile ID's hosted verification page). Deleting it disables the link. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SmileLink extends pulumi.dynamic.Resource {
  constructor(name: string, args: SmileLinkArgs, opts?: pulumi.CustomResourceOptions) {
    refuseUnknownSettings();
    const outputs = Object.fromEntries(OUTPUT_NAMES.map((output) => [output, undefined]));
    // A single-use URL lets one person verify as that user. When `isSingleUse` is not a
    // plain value yet, the URL is kept secret to be safe.
    const urlIsSecret = args.isSingleUse !== undefined && args.isSingleUse !== false;
    const secretOutputs = urlIsSecret ? ["url"] : [];
    // Lets a create after an interrupted run find the link that run made (link/create/marker.ts).
    const resourceKey = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    super(
      smileLinkProvider,
      name,
      { ...args, [RESOURCE_KEY]: resourceKey, ...outputs },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs],
      },
      PACKAGE_NAME,
      LINK_TYPE_NAME,
    );
  }
}

/**
 * Fails the program (and so the preview) when the stack config holds a `smileid:*` key that
 * is no setting, as the native provider's CheckConfig does: the dynamic provider's
 * `configure` can only look keys up, so a misspelled `smileid:apiKye` would otherwise pass the
 * preview and leave `up` without its key. Reads the keys only, never a value.
 */
function refuseUnknownSettings(): void {
  const keys = Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith("smileid:"))
    .map((key) => key.slice("smileid:".length).replace(/^config:/, ""));
  const problems = unknownSettingProblems(keys);
  if (problems.length > 0) {
    throw new pulumi.RunError(problems.map((problem) => problem.reason).join("\n"));
  }
}
