import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { API_KEY, PARTNER_ID, requestLines, useEmulator } from "../helpers/emulator";
import { wrappedProject, type WrappedProject } from "../helpers/npm-run-pulumi";

/**
 * The Python steps of the docs, run as written, in order, in a fresh folder holding
 * examples/native-python's files, with `pulumi` being `npm run pulumi --` of this repository
 * (the docs' shell function) and nothing put on PATH or activated by hand. Two stand-ins: the
 * packed tarball for the npm registry, and the emulator for Smile ID (SMILE_ID_API_URL).
 */
const CLI_TIMEOUT = 120_000;
const emulator = useEmulator();
let project: WrappedProject;

beforeAll(async () => {
  project = await wrappedProject("examples/native-python", { SMILE_ID_API_URL: emulator().url });
});
afterAll(() => project?.remove());

describe("the docs' Python steps", { timeout: CLI_TIMEOUT }, () => {
  it("npm install pulumi-smile-links", async () => {
    await project.runOk("npm", [
      ...["install", "--prefer-offline", "--no-audit", "--no-fund"],
      `pulumi-smile-links@file:${inject("packageTarball")}`,
    ]);
    expect(existsSync(path.join(project.dir, "node_modules/pulumi-smile-links/bin"))).toBe(true);
  });

  it("pulumi package gen-sdk ... --language python --out sdks", async () => {
    await project.pulumiOk([
      ...["package", "gen-sdk", "./node_modules/pulumi-smile-links/bin/pulumi-resource-smileid"],
      ...["--language", "python", "--out", "sdks"],
    ]);
    expect(existsSync(path.join(project.dir, "sdks/python/pyproject.toml"))).toBe(true);
  });

  it("python3 -m venv venv, then venv/bin/pip install -r requirements.txt", async () => {
    await project.runOk("python3", ["-m", "venv", "venv"]);
    await project.runOk("venv/bin/pip", ["install", "--quiet", "-r", "requirements.txt"]);
  }, 300_000);

  it("pulumi stack init, config set, up: the links are made from the virtualenv", async () => {
    await project.pulumiOk(["stack", "init", "dev"]);
    await project.pulumiOk(["config", "set", "smileid:partnerId", PARTNER_ID]);
    await project.pulumiOk(["config", "set", "--secret", "smileid:apiKey"], { input: API_KEY });
    await project.pulumiOk(["up", "--yes"]);
    const { onboardingRefId, vipRefId } = JSON.parse(
      await project.pulumiOk(["stack", "output", "--json", "--show-secrets"]),
    );
    expect(emulator().store.get(onboardingRefId)?.disabled_at).toBeNull();
    expect(emulator().store.get(vipRefId)?.user_id).toBe("customer-1042");
  });

  it("pulumi destroy: the links are disabled", async () => {
    const { onboardingRefId, vipRefId } = JSON.parse(
      await project.pulumiOk(["stack", "output", "--json", "--show-secrets"]),
    );
    emulator().clearRequests();
    await project.pulumiOk(["destroy", "--yes"]);
    expect(requestLines(emulator()).sort()).toEqual(
      [`PUT /smile_links/${onboardingRefId}`, `PUT /smile_links/${vipRefId}`].sort(),
    );
    expect(emulator().store.get(onboardingRefId)?.disabled_at).toEqual(expect.any(String));
    expect(emulator().store.get(vipRefId)?.disabled_at).toEqual(expect.any(String));
  });
});
