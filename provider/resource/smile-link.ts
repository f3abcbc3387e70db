import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_KEY } from "../model/engine-values";
import { unknownSettingProblems } from "../settings";
import type { VerificationMethod } from "../model/types";
import smileLinkProvider from "./provider";

/** One ID type a link accepts, and how it is verified (one method per country and ID type). */
export interface IdTypeArgs {
  /** ISO 3166-1 alpha-2 code, such as NG. */
  country: pulumi.Input<string>;
  /** Smile ID's name of the ID type, such as NATIONAL_ID. */
  idType: pulumi.Input<string>;
  verificationMethod: pulumi.Input<VerificationMethod>;
}

/** The inputs of a `SmileLink`. Only `idTypes` and `isDisabled` change in place. */
export interface SmileLinkArgs {
  name: pulumi.Input<string>;
  companyName: pulumi.Input<string>;
  idTypes: pulumi.Input<pulumi.Input<IdTypeArgs>[]>;
  /** Absolute URL that receives the job results. */
  callbackUrl: pulumi.Input<string>;
  dataPrivacyPolicyUrl: pulumi.Input<string>;
  /** URL of a png or svg image. */
  logoUrl?: pulumi.Input<string>;
  /** Default false. A single-use link's `url` is a secret output. */
  isSingleUse?: pulumi.Input<boolean>;
  /** Only on single-use links. */
  userId?: pulumi.Input<string>;
  /** ISO 8601 date-time, in the future when the link is created. */
  expiresAt?: pulumi.Input<string>;
  partnerParams?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  redirectUrl?: pulumi.Input<string>;
  /** Default false. */
  isDisabled?: pulumi.Input<boolean>;
  /** Create takes over this existing link instead of making one. */
  adoptRefId?: pulumi.Input<string>;
}

const OUTPUT_NAMES = [
  "refId",
  "url",
  "createdAt",
  "updatedAt",
  "disabledAt",
  "totalJobs",
  "successfulJobs",
  "failedJobs",
  "apiUrl",
  "partnerId",
] as const;

/** A Smile Link (Smile ID's hosted verification page). Deleting it disables the link. */
export class SmileLink extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly companyName: pulumi.Output<string>;
  declare readonly idTypes: pulumi.Output<
    { country: string; idType: string; verificationMethod: VerificationMethod }[]
  >;
  declare readonly callbackUrl: pulumi.Output<string>;
  declare readonly dataPrivacyPolicyUrl: pulumi.Output<string>;
  declare readonly logoUrl: pulumi.Output<string | undefined>;
  declare readonly isSingleUse: pulumi.Output<boolean>;
  declare readonly userId: pulumi.Output<string | undefined>;
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  declare readonly partnerParams: pulumi.Output<Record<string, string> | undefined>;
  declare readonly redirectUrl: pulumi.Output<string | undefined>;
  declare readonly isDisabled: pulumi.Output<boolean>;
  declare readonly adoptRefId: pulumi.Output<string | undefined>;
  /** The API's `ref_id`; also the resource id. */
  declare readonly refId: pulumi.Output<string>;
  /** The link to share; secret for single-use links. */
  declare readonly url: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly disabledAt: pulumi.Output<string | null>;
  declare readonly totalJobs: pulumi.Output<number>;
  declare readonly successfulJobs: pulumi.Output<number>;
  declare readonly failedJobs: pulumi.Output<number>;
  /** The API root the link lives at. */
  declare readonly apiUrl: pulumi.Output<string>;
  declare readonly partnerId: pulumi.Output<string>;

  constructor(name: string, args: SmileLinkArgs, opts?: pulumi.CustomResourceOptions) {
    refuseUnknownSettings();
    const outputs = Object.fromEntries(OUTPUT_NAMES.map((output) => [output, undefined]));
    // A single-use URL lets one person verify as that user. When `isSingleUse` is not a
    // plain value yet, the URL is kept secret to be safe.
    const urlIsSecret = args.isSingleUse !== undefined && args.isSingleUse !== false;
    const secretOutputs = urlIsSecret ? ["url"] : [];
    // Lets a create after an interrupted run find the link that run made (resource/marker.ts).
    const resourceKey = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    super(
      smileLinkProvider,
      name,
      { ...args, [RESOURCE_KEY]: resourceKey, ...outputs },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs],
      },
      "smileid",
      "SmileLink",
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
