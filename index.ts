import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import { linksFromFile } from "pulumi-smile-links";

/**
 * The root project: deploys the links file named by the stack's `linksFile` config
 * (default `links.yaml`) and exports each link's `url` and `refId`. `npm run up` runs it
 * through the Automation API; a Pulumi CLI with the Node.js language host runs it as `main`.
 */
export default async function program() {
  const linksFile = new pulumi.Config().get("linksFile") ?? "links.yaml";
  const links = linksFromFile(path.resolve(linksFile));
  return Object.fromEntries(
    Object.entries(links).map(([name, link]) => [name, { url: link.url, refId: link.refId }]),
  );
}
