import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { SmileLinksError } from "../errors";
import { SmileLink } from "./smile-link";
import { resolveSettings } from "../settings";
import { formatProblem, loadLinksFile } from "../links-file/load";

/**
 * Declares a `SmileLink` for each link of a links file, in a Pulumi program. An invalid file
 * fails the program (and so the preview) with every problem as `file:line:column: message`.
 * The environment's rules (https in production) follow `smileid:environment`, the ID-type
 * catalog's `smileid:idTypeCatalog`.
 */
export function linksFromFile(
  file: string,
  opts?: pulumi.CustomResourceOptions,
): Record<string, SmileLink> {
  const text = readFileSync(file, "utf8");
  const { environment, catalog } = resolveSettings((key) => {
    const [namespace, name] = key.split(":") as [string, string];
    return new pulumi.Config(namespace).get(name);
  });
  const { links, problems, warnings } = loadLinksFile(text, file, { environment, catalog });
  for (const warning of warnings) pulumi.log.warn(formatProblem(warning));
  if (problems.length > 0) {
    throw new SmileLinksError(
      "validation",
      `${file} has ${problems.length} problem(s):\n${problems.map(formatProblem).join("\n")}`,
    );
  }
  return Object.fromEntries(
    links.map(({ name, inputs }) => [name, new SmileLink(name, inputs, opts)]),
  );
}
