// The benchmark's Pulumi program, run by the Pulumi CLI in a project that installed its packages
// from npm tarballs, as users run theirs: one resource per entry of the links file named by the
// stack's config, all of the stack's `kind` (a SmileLink, the native smileid:index:SmileLink
// from its generated SDK, or one of the floors' do-nothing resources), with the same inputs.
// JavaScript, so that no TypeScript compile sits in the times.
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

/** Each kind's resource class, loaded only for its kind. */
const RESOURCES = {
  ours: () => require("pulumi-smile-links").SmileLink,
  floor: () => require("smile-links-floor").FloorLink,
  shaped: () => require("smile-links-floor").ShapeLink,
  native: () => require("@pulumi-smile-links/smileid").SmileLink,
  nativeFloor: () => require("@smile-links-bench/floorid").FloorLink,
  nativeShaped: () => require("@smile-links-bench/floorid").ShapeLink,
};

const config = new pulumi.Config();
const links = JSON.parse(fs.readFileSync(config.require("linksFile"), "utf8"));
const Resource = RESOURCES[config.require("kind")]();

for (const [name, args] of Object.entries(links)) {
  new Resource(name, args);
}
