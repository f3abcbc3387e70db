// The benchmark's Pulumi program, run by the Pulumi CLI in a project that installed
// pulumi-smile-links from its npm tarball, as users run theirs: one resource per entry of the
// links file named by the stack's config, each a SmileLink or one of the floors' do-nothing
// resources with the same inputs. JavaScript, so that no TypeScript compile sits in the times.
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const links = JSON.parse(fs.readFileSync(config.require("linksFile"), "utf8"));
const kind = config.require("kind");
const Resource =
  kind === "ours"
    ? require("pulumi-smile-links").SmileLink
    : require("smile-links-floor")[kind === "floor" ? "FloorLink" : "ShapeLink"];

for (const [name, args] of Object.entries(links)) {
  new Resource(name, args);
}
