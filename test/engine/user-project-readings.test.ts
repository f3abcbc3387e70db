import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiReading } from "../../provider/emulator";
import { PARTNER_ID, requestLines, useEmulator, stackSettingsFor } from "../helpers/emulator";
import { installUserProject, type UserProject } from "../helpers/user-project";

/**
 * The readings of the API docs that no public caller settles, as users meet them: the Pulumi
 * CLI on a project of their own (examples/basic: two links) that installed the package from its
 * npm tarball, against an emulator that plays each reading.
 */
const CLI_TIMEOUT = 120_000;

let project: UserProject;
beforeAll(async () => {
  project = await installUserProject();
}, 300_000);
afterAll(() => project?.remove());

const NAMES = ["Customer onboarding", "Re-verify a customer"];
const CREATE = "POST /smile_links";

/** Readings under which some answer shows the create marker: a lost answer is recovered. */
const RECOVERED: { label: string; reading: Partial<ApiReading> }[] = [
  { label: "the documented reading", reading: {} },
  {
    label: "/list, partner_params in get answers only, Smile's errors, 202 and UUIDs",
    reading: {
      listPath: "list",
      partnerParams: "get",
      errorShape: "smile",
      createStatus: 202,
      refIds: "uuid",
    },
  },
  { label: "partner_params in list answers only", reading: { partnerParams: "list" } },
];

describe.each(RECOVERED)("pulumi up under $label", { timeout: CLI_TIMEOUT }, ({ reading }) => {
  const emulator = useEmulator({ reading });
  let stack: string;
  beforeAll(async () => {
    stack = `recovered-${RECOVERED.findIndex((entry) => entry.reading === reading)}`;
    await project.initStack(stack, stackSettingsFor(emulator()));
  });

  it("leaves exactly one link per resource when a create's answer is lost", async () => {
    emulator().faults.set({ dropAfterWorkNext: 1 });
    await project.pulumiOk(["up", "--yes", "--stack", stack]);
    const live = emulator().store.list();
    expect(live.map((link) => link.name).sort()).toEqual(NAMES);
    const held = (await project.links(stack)).map((link) => link.id).sort();
    expect(held).toEqual(live.map((link) => link.ref_id).sort());
    expect(requestLines(emulator()).filter((line) => line === CREATE)).toHaveLength(2);
  });

  it("refreshes without drift", async () => {
    await project.pulumiOk(["refresh", "--yes", "--expect-no-changes", "--stack", stack]);
    const preview = JSON.parse(await project.pulumiOk(["preview", "--json", "--stack", stack]));
    expect(preview.changeSummary).toEqual({ same: 3 });
  });

  it("disables both links on destroy", async () => {
    await project.pulumiOk(["destroy", "--yes", "--stack", stack]);
    expect(
      emulator()
        .store.list()
        .every((link) => link.disabled_at !== null),
    ).toBe(true);
  });
});

describe("pulumi up where no answer carries partner_params", { timeout: CLI_TIMEOUT }, () => {
  const emulator = useEmulator({ reading: { partnerParams: "none", listPath: "both" } });
  const stack = "markers-hidden";
  beforeAll(() => project.initStack(stack, stackSettingsFor(emulator())));

  it("POSTs once per link when a create's answer is lost, and names the link it may have made", async () => {
    emulator().faults.set({ dropAfterWorkNext: 1 });
    const up = await project.pulumi(["up", "--yes", "--stack", stack]);
    expect(up.code).not.toBe(0);
    expect(requestLines(emulator()).filter((line) => line === CREATE)).toHaveLength(2);
    const live = emulator().store.list();
    expect(live.map((link) => link.name).sort()).toEqual(NAMES);
    const held = (await project.links(stack)).map((link) => link.id);
    expect(held).toHaveLength(1);
    const unheld = live.find((link) => !held.includes(link.ref_id))!;
    expect(up.output).toContain("A link may have been made");
    expect(up.output).toContain(`(ref_id ${unheld.ref_id})`);
    expect(up.output).toContain("adoptRefId");
  });
});

describe("pulumi up with credentials Smile ID refuses", { timeout: CLI_TIMEOUT }, () => {
  const emulator = useEmulator({ reading: { errorShape: "smile" } });
  const stack = "refused";
  const wrongKey = "sk-wrong-4c1f9e";
  beforeAll(() =>
    project.initStack(stack, { partnerId: PARTNER_ID, apiUrl: emulator().url, apiKey: wrongKey }),
  );

  it("fails saying Smile's code and text and what to check, without the key", async () => {
    const up = await project.pulumi(["up", "--yes", "--stack", stack]);
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("2205 You are not authorized to do that.");
    expect(up.output).toContain("sandbox keys do not work in production");
    expect(up.output).not.toContain(wrongKey);
    expect(emulator().store.size).toBe(0);
  });
});
