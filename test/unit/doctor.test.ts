import { afterEach, describe, expect, it } from "vitest";
import type { Measurements } from "../../provider/cli/doctor-measurements";
import { doctorReport, type DoctorJson } from "../../provider/cli/doctor-report";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";
import { smileLinks, type CliResult } from "../helpers/cli";
import { API_KEY, clientFor, PARTNER_ID } from "../helpers/emulator";
import { linkInputs } from "../helpers/links";

type Reading = NonNullable<EmulatorOptions["reading"]>;

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** A fresh emulator per test, so that its links and its requests are the test's own. */
async function emulatorWith(reading: Reading = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY, reading });
  running.push(emulator);
  return emulator;
}

/** The environment of a user of `emulator`, without any Smile ID setting of this machine's. */
function envFor(emulator: RunningEmulator, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("SMILE_ID_")),
  );
  return {
    ...env,
    SMILE_ID_API_URL: emulator.url,
    SMILE_ID_PARTNER_ID: PARTNER_ID,
    SMILE_ID_API_KEY: API_KEY,
    ...overrides,
  };
}

async function doctorJson(
  emulator: RunningEmulator,
  args: string[] = [],
  env = envFor(emulator),
): Promise<CliResult & { report: DoctorJson }> {
  const result = await smileLinks(["doctor", "--json", ...args], env);
  return { ...result, report: JSON.parse(result.stdout) as DoctorJson };
}

/** A link the provider could have made: a marker in its partner params. */
async function seedLink(emulator: RunningEmulator): Promise<void> {
  await clientFor(emulator).create(linkInputs(), "seed-resource.0123456789abcdef");
}

/** The doctor's test links in the emulator's store, as "enabled" or "disabled". */
function doctorLinks(emulator: RunningEmulator): string[] {
  return emulator.store
    .list()
    .filter((link) => link.name.startsWith("smile-links doctor test "))
    .map((link) => (link.disabled_at ? "disabled" : "enabled"));
}

/** The requests doctor made before its create, so that a fault can be aimed past them. */
const READ_ONLY_REQUESTS_ON_EMPTY_ACCOUNT = 2; // the first list page, the unknown link

/**
 * A 503 that says `Retry-After: 0`: the client retries it at once, as the header asks, instead
 * of after its backoff, so that a test of every attempt failing does not wait out real time.
 */
const UNAVAILABLE = { status: 503, retryAfterSeconds: 0 };

describe("doctor's verdict", () => {
  const measured: Measurements = {
    apiUrl: "https://testapi.smileidentity.com/v1",
    partnerId: PARTNER_ID,
    auth: "ok",
    listPath: ":list",
    paramsInList: true,
    paramsInGet: true,
    unknownLink: { kind: "status", status: 404 },
    problems: [],
  };

  it.each<[string, Partial<Measurements>, boolean]>([
    ["the marker in list and get answers", {}, true],
    ["the marker in get answers only", { paramsInList: false }, true],
    ["the marker in list answers only", { paramsInGet: false }, true],
    ["no link to measure the marker on", { paramsInList: null, paramsInGet: null }, true],
    ["the marker in no answer", { paramsInList: false, paramsInGet: false }, false],
    [
      "refused credentials",
      { auth: { status: 400, code: "2205", text: "no" }, listPath: null },
      false,
    ],
    ["no list path that answers", { listPath: null }, false],
    ["an unknown link answered 400", { unknownLink: { kind: "status", status: 400 } }, true],
  ])("with %s: ok is %s", (_, overrides, ok) => {
    const { json, exitCode } = doctorReport({ ...measured, ...overrides });
    expect(json.ok).toBe(ok);
    expect(exitCode).toBe(ok ? 0 : 1);
    expect(json.findings.at(-1)).toMatch(ok ? /^verdict: safe/ : /^verdict: NOT safe: /);
  });

  it("takes the test link's marker over the presence of partner_params", () => {
    const write = {
      made: true as const,
      testLinks: [{ refId: "abc", disabled: true }] as [{ refId: string; disabled: boolean }],
      markerInList: false,
      markerInGet: false,
    };
    const { json } = doctorReport({ ...measured, write });
    expect(json).toMatchObject({ ok: false, markerInList: false, markerInGet: false });
    expect(json.testLink).toEqual({ refId: "abc", disabled: true });
  });
});

describe("smile-links doctor, read-only", () => {
  it("finds the documented list path and the marker in list answers, and exits 0", async () => {
    const emulator = await emulatorWith();
    await seedLink(emulator);
    const { code, report } = await doctorJson(emulator);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      auth: "ok",
      listPath: ":list",
      markerInList: true,
      markerInGet: true,
      unknownLinkStatus: 404,
      apiUrl: emulator.url,
      partnerId: PARTNER_ID,
    });
    expect(report).not.toHaveProperty("testLink");
  });

  it("changes nothing: it only lists and gets", async () => {
    const emulator = await emulatorWith();
    await seedLink(emulator);
    emulator.clearRequests();
    await doctorJson(emulator);
    expect(emulator.requests.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
    expect(emulator.requests.map((r) => r.path)).not.toContain("/v1/smile_links");
    expect(emulator.store.list()).toHaveLength(1);
  });

  it("finds the list at /smile_links/list when the API answers there", async () => {
    const emulator = await emulatorWith({ listPath: "list" });
    await seedLink(emulator);
    const { code, report } = await doctorJson(emulator);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, listPath: "list" });
    expect(report.findings).toContain(
      "list path: /smile_links/list answers (the docs write :list); the provider finds it by itself",
    );
  });

  it("is safe when only get answers carry partner_params", async () => {
    const emulator = await emulatorWith({ partnerParams: "get" });
    await seedLink(emulator);
    const { code, report } = await doctorJson(emulator);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, markerInList: false, markerInGet: true });
    expect(report.findings.join("\n")).toMatch(/shown only in get answers/);
  });

  it("is not safe, and exits 1, when no answer carries partner_params", async () => {
    const emulator = await emulatorWith({ partnerParams: "none" });
    await seedLink(emulator);
    const { code, report } = await doctorJson(emulator);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, markerInList: false, markerInGet: false });
    expect(report.findings.join("\n")).toMatch(/shown nowhere: .*adoptRefId/);
  });

  it("leaves the markers unmeasured on an account without links, and says how to measure them", async () => {
    const emulator = await emulatorWith();
    const { code, report } = await doctorJson(emulator);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, markerInList: null, markerInGet: null });
    expect(report.findings.join("\n")).toMatch(/not measured .*smile-links doctor --write/);
  });

  it("prints one line per finding", async () => {
    const emulator = await emulatorWith();
    await seedLink(emulator);
    const { report } = await doctorJson(emulator);
    const human = await smileLinks(["doctor"], envFor(emulator));
    expect(human.code).toBe(0);
    expect(human.stdout).toBe(report.findings.map((line) => `${line}\n`).join(""));
    expect(report.findings.at(-1)).toMatch(/^verdict: safe/);
  });

  it("takes the partner id and API URL from its flags over the environment variables", async () => {
    const emulator = await emulatorWith();
    const env = envFor(emulator, {
      SMILE_ID_PARTNER_ID: "someone-else",
      SMILE_ID_API_URL: "http://127.0.0.1:9/v1",
    });
    const args = ["--partner-id", PARTNER_ID, "--api-url", emulator.url];
    const { code, report } = await doctorJson(emulator, args, env);
    expect(code).toBe(0);
    expect(report).toMatchObject({ apiUrl: emulator.url, partnerId: PARTNER_ID, auth: "ok" });
  });
});

describe("smile-links doctor, refused credentials", () => {
  const WRONG_KEY = "sk-wrong-5e4d3c2b1a-NEVER-PRINT";

  it("names Smile's code 2205 and exits 1, without printing the key", async () => {
    const emulator = await emulatorWith({ errorShape: "smile" });
    const env = envFor(emulator, { SMILE_ID_API_KEY: WRONG_KEY });
    const { code, report, stdout, stderr } = await doctorJson(emulator, [], env);
    expect(code).toBe(1);
    expect(report).toMatchObject({
      ok: false,
      listPath: null,
      auth: { status: 400, code: "2205", text: "You are not authorized to do that." },
    });
    expect(report.findings.join("\n")).toMatch(/authorization: refused .*2205.*SMILE_ID_API_KEY/);
    const human = await smileLinks(["doctor"], env);
    for (const text of [stdout, stderr, human.stdout, human.stderr]) {
      expect(text).not.toContain(WRONG_KEY);
    }
  });

  it("names the HTTP status when the refusal carries no Smile code", async () => {
    const emulator = await emulatorWith({ errorShape: "words" });
    const env = envFor(emulator, { SMILE_ID_API_KEY: WRONG_KEY });
    const { code, report } = await doctorJson(emulator, [], env);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, auth: { status: 401 } });
  });

  it("makes no test link with --write", async () => {
    const emulator = await emulatorWith();
    const env = envFor(emulator, { SMILE_ID_API_KEY: WRONG_KEY });
    const { code, report } = await doctorJson(emulator, ["--write"], env);
    expect(code).toBe(1);
    expect(report.testLink).toBeNull();
    expect(emulator.store.list()).toEqual([]);
  });
});

describe("smile-links doctor --write", () => {
  it.each<[string, Reading, { inList: boolean; inGet: boolean; code: number }]>([
    ["the documented reading", {}, { inList: true, inGet: true, code: 0 }],
    ["the list at /list", { listPath: "list" }, { inList: true, inGet: true, code: 0 }],
    [
      "partner params in get only",
      { partnerParams: "get" },
      { inList: false, inGet: true, code: 0 },
    ],
    [
      "partner params in list only",
      { partnerParams: "list" },
      { inList: true, inGet: false, code: 0 },
    ],
    ["no partner params", { partnerParams: "none" }, { inList: false, inGet: false, code: 1 }],
    [
      "Smile's error shape, 201 and UUIDs",
      { errorShape: "smile", createStatus: 201, refIds: "uuid" },
      { inList: true, inGet: true, code: 0 },
    ],
  ])("under %s: reads the marker back and disables the test link", async (_, reading, expected) => {
    const emulator = await emulatorWith(reading);
    const { code, report } = await doctorJson(emulator, ["--write"]);
    expect(code).toBe(expected.code);
    expect(report).toMatchObject({
      markerInList: expected.inList,
      markerInGet: expected.inGet,
      testLink: { disabled: true },
    });
    expect(doctorLinks(emulator)).toEqual(["disabled"]);
  });

  it("names the test link after doctor and the time, single use and expiring within the hour", async () => {
    const emulator = await emulatorWith();
    const before = Date.now();
    const { report } = await doctorJson(emulator, ["--write"]);
    const [link] = emulator.store.list();
    expect(link).toMatchObject({ ref_id: report.testLink?.refId, is_single_use: true });
    expect(Date.parse(link!.name.replace("smile-links doctor test ", ""))).toBeGreaterThanOrEqual(
      before - 1_000,
    );
    expect(Date.parse(link!.expires_at!) - Date.now()).toBeLessThanOrEqual(60 * 60_000);
  });

  it("finds and disables the test link when the create's answer is lost", async () => {
    const emulator = await emulatorWith();
    emulator.faults.set({
      failNext: [
        { status: 503, count: 1, after: READ_ONLY_REQUESTS_ON_EMPTY_ACCOUNT, work: "done" },
      ],
    });
    const { report } = await doctorJson(emulator, ["--write"]);
    expect(report.testLink).toMatchObject({ disabled: true });
    expect(report.findings.join("\n")).toMatch(/the answer was lost .*found by its name/);
    expect(doctorLinks(emulator)).toEqual(["disabled"]);
  });

  it("still disables the test link when reading it back fails", async () => {
    const emulator = await emulatorWith();
    // Past the create, every attempt of the get (the client's five) fails.
    const after = READ_ONLY_REQUESTS_ON_EMPTY_ACCOUNT + 1;
    emulator.faults.set({ failNext: [{ ...UNAVAILABLE, count: 5, after }] });
    const { report } = await doctorJson(emulator, ["--write"]);
    expect(report).toMatchObject({ markerInGet: null, markerInList: true });
    expect(report.testLink).toMatchObject({ disabled: true });
    expect(report.findings.join("\n")).toMatch(/get link .*HTTP 503/);
    expect(doctorLinks(emulator)).toEqual(["disabled"]);
  });

  it("says so when the test link could not be disabled", async () => {
    const emulator = await emulatorWith();
    // Past the create, its get and its list, every attempt of the disabling fails.
    const after = READ_ONLY_REQUESTS_ON_EMPTY_ACCOUNT + 3;
    emulator.faults.set({ failNext: [{ ...UNAVAILABLE, count: 5, after }] });
    const { report } = await doctorJson(emulator, ["--write"]);
    expect(report.testLink).toMatchObject({ disabled: false });
    expect(report.findings.join("\n")).toMatch(/is still ENABLED/);
  });
});

describe("smile-links doctor, usage", () => {
  it("exits 2 on an environment that is not sandbox or production", async () => {
    const result = await smileLinks(["doctor", "--environment", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are sandbox, production/);
  });

  it("has no flag for the API key", async () => {
    const result = await smileLinks(["doctor", "--api-key", API_KEY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--api-key'/);
  });

  it("exits 1 naming the environment variable when the API key is missing", async () => {
    const emulator = await emulatorWith();
    const result = await smileLinks(["doctor"], envFor(emulator, { SMILE_ID_API_KEY: "" }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/credentials are missing: set SMILE_ID_API_KEY\.\n/);
  });

  it("never prints the API key", async () => {
    const emulator = await emulatorWith();
    await seedLink(emulator);
    const outputs = [
      await smileLinks(["doctor", "--write"], envFor(emulator)),
      await smileLinks(["doctor", "--write", "--json"], envFor(emulator)),
    ];
    for (const { stdout, stderr } of outputs) expect(stdout + stderr).not.toContain(API_KEY);
  });
});
