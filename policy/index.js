// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- the pack is CommonJS, as run-policy-pack loads it */
// The policy pack `smile-links`: run it with
//   pulumi preview --policy-pack node_modules/pulumi-smile-links/policy [--policy-pack-config FILE]
// It checks each Smile Link, of the dynamic provider and of the native one, by the inputs the
// engine has at preview: no API request. The rules are in rules.js, the policies in policies.js.
const { PolicyPack, UnknownValueError } = require("@pulumi/policy");
const { isLinkType, readInputs } = require("./inputs.js");
const { POLICIES } = require("./policies.js");

/** @param {unknown} error */
const isUnknownError = (error) => error instanceof UnknownValueError;

/** Policies that said, once per run, why they pass every link. */
const announced = new Set();

new PolicyPack("smile-links", {
  enforcementLevel: "mandatory",
  policies: POLICIES.map(({ check, ...policy }) => ({
    ...policy,
    validateResource: (args, reportViolation) => {
      if (!isLinkType(args.type)) return;
      const link = {
        name: args.name,
        type: args.type,
        inputs: readInputs(args.props, isUnknownError),
      };
      const finding = check(link, args.getConfig(), new Date());
      for (const message of finding.violations) reportViolation(message);
      if (finding.notApplicable !== undefined) {
        // The engine keeps a policy's reason for not applying to itself; the output shows
        // what the pack prints.
        if (!announced.has(policy.name)) console.log(`${policy.name}: ${finding.notApplicable}`);
        announced.add(policy.name);
        args.notApplicable(finding.notApplicable);
      }
    },
  })),
});
