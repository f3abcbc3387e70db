import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { linksFromFile } from "pulumi-smile-links";

/**
 * The root project: deploys the links file named by the stack's `linksFile` config
 * (default `links.yaml`) and exports each link's `url` and `refId`.
 *
 * `export =`, not `export default`: the Node.js language host calls a CommonJS program's export
 * only when the export itself is a function, and `export default` compiles to `{ default: fn }`,
 * which it never calls (the stack would then declare no link).
 */
export = async () => {
  const linksFile = new pulumi.Config().get("linksFile") ?? "links.yaml";
  const links = linksFromFile(path.resolve(linksFile));
  return Object.fromEntries(
    Object.entries(links).map(([name, link]) => [name, { url: link.url, refId: link.refId }]),
  );
};
