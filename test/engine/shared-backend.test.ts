import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, useEmulator } from "../helpers/emulator";
import { holdCreates, type HeldCreates } from "../helpers/held-creates";
import type { CommandResult, RunOptions } from "../helpers/pulumi-run";
import { initStack, stackResources } from "../helpers/pulumi-stack";
import { startS3Server, type S3Server } from "../helpers/s3-server";
import { installUserProject, LINK_TYPE, type UserProject } from "../helpers/user-project";

/**
 * A stack on a shared backend, as a team's pipelines keep it: the DIY backend on an
 * S3-compatible object store (moto's server), secrets under a passphrase, driven by the
 * Pulumi CLI in a project that installed the package from its npm tarball. While one `up`
 * holds the stack's lock (its creates held by a proxy in front of the emulator, so nothing
 * depends on timing), a second `up` of the same stack is refused, and no link is doubled.
 */
const emulator = useEmulator();
const CLI_TIMEOUT = 120_000;
const STACK = "shared";
const BUCKET = "team-state";
const PASSPHRASE = "shared-backend-passphrase";

let s3: S3Server;
let held: HeldCreates;
let project: UserProject;
/** The backend's URL and the variables each command of this file runs with. */
let backend: { url: string; env: Record<string, string> };

/** The Pulumi CLI in the project, on the S3 backend. */
const onS3 = (args: string[], options?: RunOptions): Promise<CommandResult> =>
  project.pulumi(args, { ...options, env: { ...backend.env, ...options?.env } });
const onS3Ok = async (args: string[], options?: RunOptions): Promise<string> => {
  const result = await onS3(args, options);
  if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")}:\n${result.output}`);
  return result.stdout;
};

beforeAll(async () => {
  s3 = await startS3Server();
  const bucket = await s3.bucket(BUCKET);
  backend = {
    url: bucket.url,
    env: {
      ...bucket.env,
      PULUMI_BACKEND_URL: bucket.url,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      // The program's type-check is the user-project tests' concern.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    },
  };
  held = await holdCreates(emulator().url);
  project = await installUserProject();
  await initStack(onS3Ok, STACK, { partnerId: PARTNER_ID, apiUrl: held.url, apiKey: API_KEY });
}, 300_000);
afterAll(async () => {
  await held?.close();
  await project?.remove();
  await s3?.close();
});

const linkNames = () =>
  emulator()
    .store.list()
    .map((link) => link.name)
    .sort();

describe("a stack on an S3 backend with a passphrase", { timeout: CLI_TIMEOUT }, () => {
  it("refuses a second up while the first holds the lock, and the first makes each link once", async () => {
    const first = onS3(["up", "--yes", "--stack", STACK]);
    await held.firstArrived;
    const locks = await s3.keys(BUCKET, ".pulumi/locks/");
    expect(locks).toHaveLength(1);

    const second = await onS3(["up", "--yes", "--stack", STACK]);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(
      "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end " +
        "or delete the lock file with `pulumi cancel`.",
    );
    // The lock's URL (the backend's query string after it), then who holds it.
    expect(second.output).toMatch(
      new RegExp(
        `s3://${BUCKET}/${locks[0]!.replaceAll(".", "\\.")}\\?\\S*: created by \\S+@\\S+ \\(pid \\d+\\)`,
      ),
    );

    held.release();
    const done = await first;
    expect(done.code, done.output).toBe(0);
    expect(linkNames()).toEqual(["Customer onboarding", "Re-verify a customer"]);
    expect(await s3.keys(BUCKET, ".pulumi/locks/")).toEqual([]);
  });

  it("keeps the stack's state in the bucket with the API key and the single-use URL encrypted", async () => {
    const [stateKey] = (await s3.keys(BUCKET, ".pulumi/stacks/")).filter((key) =>
      key.endsWith(`/${STACK}.json`),
    );
    const state = await s3.read(BUCKET, stateKey!);
    const vip = emulator()
      .store.list()
      .find((link) => link.name === "Re-verify a customer")!;
    expect(state).toContain(vip.ref_id);
    expect(state).not.toContain(`/links/${vip.ref_id}`);
    expect(state).not.toContain(API_KEY);
    const stackFile = await readFile(path.join(project.dir, `Pulumi.${STACK}.yaml`), "utf8");
    expect(stackFile).toMatch(/^encryptionsalt: v1:/m);
    expect(stackFile).not.toContain(API_KEY);
  });

  it("refreshes from the account: a link disabled in the portal shows in state", async () => {
    const onboarding = emulator()
      .store.list()
      .find((link) => link.name === "Customer onboarding")!;
    await emulator().store.update(onboarding.ref_id, { is_disabled: true });
    await onS3Ok(["refresh", "--yes", "--stack", STACK]);
    const links = await stackResources(onS3Ok, STACK, LINK_TYPE);
    const refreshed = links.find((link) => link.id === onboarding.ref_id)!;
    expect(refreshed.outputs?.isDisabled).toBe(true);
  });

  it("destroys: every link disabled, none left in the stack", async () => {
    await onS3Ok(["destroy", "--yes", "--stack", STACK]);
    expect(
      emulator()
        .store.list()
        .every((link) => link.disabled_at !== null),
    ).toBe(true);
    expect(await stackResources(onS3Ok, STACK, LINK_TYPE)).toEqual([]);
  });
});
