import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmileLinkInputs } from "../../provider/link/types";
import { smileLinksBinary } from "../helpers/cli";
import { clientFor, stackSettingsFor, useEmulator } from "../helpers/emulator";
import { linksFilePairs, linksFileYaml, type GeneratedLink } from "../helpers/links-file-pairs";
import { installUserProject, LINK_TYPE, type UserProject } from "../helpers/user-project";

/**
 * `smile-links diff` against the engine. For generated pairs of links files
 * (test/helpers/links-file-pairs.ts), a user project whose program is `linksFromFile` deploys
 * the base file with `pulumi up`; then `pulumi preview` of the head file must give each link
 * the step that the diff's JSON names for it (`op`: create, update, replace, delete for
 * disabled, same), replacing it for the fields the diff names (`replacedBy` against the
 * preview's `replaceReasons`). The dynamic provider returns no detailed diff, so the preview
 * names no fields for an update. One stack takes every pair in turn: `up` of a base brings it
 * there from the previous base, whatever that was.
 */
const SEED = 20_261_206;
const RUNS = 4;
const CLI_TIMEOUT = 600_000;
const STACK = "review";
const PROGRAM = `import * as path from "node:path";
import { linksFromFile } from "pulumi-smile-links";

linksFromFile(path.join(__dirname, "links.yaml"));
`;

const emulator = useEmulator();
let project: UserProject;
let filesDir: string;

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), "smile-links-diff-preview-"));
  project = await installUserProject();
  await writeFile(path.join(project.dir, "index.ts"), PROGRAM);
  await project.initStack(STACK, stackSettingsFor(emulator()));
}, 300_000);
afterAll(async () => {
  await project?.remove();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

/** An adopting link of the base adopts a live link made now with its inputs, so `up` can. */
async function liveLinkFor(_key: string, inputs: GeneratedLink): Promise<string> {
  const name = String(inputs.name).trim();
  const live = await clientFor(emulator()).create({ ...inputs, name } as SmileLinkInputs);
  return live.refId;
}

/** An adopting link of the head names a link that preview never reads. */
const unreadLink = async (key: string) => `unread-${key}`;

interface Verdict {
  op: string;
  replaceReasons: string[];
}

/** Each link's step in `pulumi preview --json --show-sames`, keyed by its resource name. */
async function previewVerdicts(): Promise<Record<string, Verdict>> {
  const args = ["preview", "--json", "--show-sames", "--stack", STACK];
  const { steps } = JSON.parse(await project.pulumiOk(args)) as {
    steps: { op: string; urn: string; replaceReasons?: string[] }[];
  };
  return Object.fromEntries(
    steps
      .filter((step) => step.urn.includes(LINK_TYPE))
      .map((step) => [
        step.urn.split("::").at(-1)!,
        { op: step.op, replaceReasons: [...(step.replaceReasons ?? [])].sort() },
      ]),
  );
}

interface DiffLink {
  name: string;
  action: string;
  op: string;
  replacedBy: string[];
}

describe("smile-links diff against pulumi preview", { timeout: CLI_TIMEOUT }, () => {
  it("gives each link of generated pairs of files the step pulumi preview gives it", async () => {
    const actions = new Set<string>();
    await fc.assert(
      fc.asyncProperty(linksFilePairs, async (pair) => {
        const base = await linksFileYaml(pair.base, liveLinkFor);
        const head = await linksFileYaml(pair.head, unreadLink);
        const baseFile = path.join(filesDir, "base.yaml");
        const headFile = path.join(filesDir, "head.yaml");
        await writeFile(baseFile, base);
        await writeFile(headFile, head);
        await writeFile(path.join(project.dir, "links.yaml"), base);
        await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
        await writeFile(path.join(project.dir, "links.yaml"), head);
        const preview = await previewVerdicts();

        const diff = await smileLinksBinary(["diff", "--json", baseFile, headFile]);
        const links: DiffLink[] = JSON.parse(diff.stdout).files[0].links;
        for (const link of links) actions.add(link.action);
        const verdicts = Object.fromEntries(
          links.map((link) => [
            link.name,
            { op: link.op, replaceReasons: [...link.replacedBy].sort() },
          ]),
        );
        expect(verdicts, `base:\n${base}\nhead:\n${head}`).toEqual(preview);
        const same = links.every((link) => link.op === "same");
        expect(diff.code).toBe(same ? 0 : 1);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The seed's pairs hold every verdict, so each was held against the engine.
    expect([...actions].sort()).toEqual([
      "adopted",
      "created",
      "disabled",
      "replaced",
      "unchanged",
      "updated",
    ]);
  });
});
