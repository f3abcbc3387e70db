import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goHostDir, pulumiEnv } from "../../scripts/ensure-pulumi.mjs";
import { chosenBackend } from "../../scripts/pulumi-backend.mjs";
import {
  choosesBackend,
  generatesCode,
  needsExistingStack,
  stackArg,
  workingDir,
} from "../../scripts/pulumi-args.mjs";
import { projectRuntime, runtimeOf, virtualenvVariables } from "../../scripts/pulumi-project.mjs";

/** How `npm run pulumi` reads the command and the project before it starts the CLI. */
describe("the commands that need the code-generation host", () => {
  it.each([
    [["package", "gen-sdk", "./bin/x", "--language", "python"]],
    [["--color", "never", "package", "gen-sdk", "./bin/x"]],
    [["-C", "project", "import", "smileid:index:SmileLink", "a", "b"]],
  ])("include %j", (args) => {
    expect(generatesCode(args)).toBe(true);
  });

  it.each([
    [["up", "--yes"]],
    [["convert", "--language", "python", "--out", "py"]],
    [["package", "get-schema", "./bin/x"]],
    [["--cwd", "import", "up"]],
    [["config", "set", "name", "import"]],
  ])("leave out %j", (args) => {
    expect(generatesCode(args)).toBe(false);
  });
});

describe("the folder the CLI works in", () => {
  it("is --cwd or -C resolved against where npm was called", () => {
    expect(workingDir(["-C", "project", "up"], "/home/u")).toBe("/home/u/project");
    expect(workingDir(["up", "--cwd=/srv/p"], "/home/u")).toBe("/srv/p");
  });

  it("is where npm was called without them", () => {
    expect(workingDir(["up", "--", "-C", "x"], "/home/u")).toBe("/home/u");
  });
});

describe("a project's runtime", () => {
  it("reads the name of a runtime given as a string", () => {
    expect(runtimeOf("name: p\nruntime: yaml\n", "/p")).toEqual({ root: "/p", name: "yaml" });
  });

  it("resolves a virtualenv option against the project's folder", () => {
    const text = "name: p\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n";
    expect(runtimeOf(text, "/p")).toEqual({
      root: "/p",
      name: "python",
      virtualenv: path.resolve("/p", "venv"),
    });
  });

  it("leaves a broken Pulumi.yaml for the CLI to report", () => {
    expect(runtimeOf("runtime: [python\n", "/p")).toBeUndefined();
  });

  describe("found from a folder inside the project", () => {
    let base: string;
    beforeAll(async () => {
      base = await mkdtemp(path.join(tmpdir(), "smile-links-project-"));
      await mkdir(path.join(base, "src", "deep"), { recursive: true });
      await writeFile(path.join(base, "Pulumi.yaml"), "name: p\nruntime: python\n");
    });
    afterAll(() => rm(base, { recursive: true, force: true }));

    it("is the nearest Pulumi.yaml's, as the CLI finds it", () => {
      expect(projectRuntime(path.join(base, "src", "deep"))).toEqual({
        root: base,
        name: "python",
      });
    });
  });
});

describe("a virtualenv's variables", () => {
  it("set VIRTUAL_ENV and put its bin first on PATH, as activating it does", () => {
    expect(virtualenvVariables("/p/venv", ["/usr/bin", "/bin"].join(path.delimiter))).toEqual({
      VIRTUAL_ENV: "/p/venv",
      PATH: ["/p/venv/bin", "/usr/bin", "/bin"].join(path.delimiter),
    });
  });
});

describe("the Go language host", () => {
  let cache: string;
  let saved: string | undefined;
  const onPath = () => pulumiEnv({}, undefined).PATH!.split(path.delimiter);
  beforeAll(async () => {
    cache = await mkdtemp(path.join(tmpdir(), "smile-links-cache-"));
    saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    await rm(cache, { recursive: true, force: true });
  });

  it("is built into a cache folder named after sdk v3.66.0, the last release that holds it", () => {
    expect(goHostDir()).toBe(
      path.join(cache, "pulumi-smile-links", "pulumi-language-go-v3.66.0", "bin"),
    );
  });

  it("stays off the CLI's PATH until a Go project has it built", () => {
    expect(onPath()).not.toContain(goHostDir());
  });

  it("is on the CLI's PATH once built", async () => {
    await mkdir(goHostDir(), { recursive: true });
    await writeFile(path.join(goHostDir(), "pulumi-language-go"), "", { mode: 0o755 });
    expect(onPath()).toContain(goHostDir());
  });
});

describe("the stack a command names", () => {
  it.each([
    [["preview", "--stack", "sandbox"], "sandbox"],
    [["up", "-s", "production", "--yes"], "production"],
    [["config", "set", "x", "y", "--stack=dev"], "dev"],
    [["preview"], undefined],
    [["up", "--", "--stack", "x"], undefined],
  ])("in %j is %s", (args, stack) => {
    expect(stackArg(args)).toBe(stack);
  });
});

describe("the commands on a stack that must exist", () => {
  it.each([
    [["preview", "--stack", "sandbox"]],
    [["--color", "never", "up", "--yes"]],
    [["config", "set", "smileid:partnerId", "1234"]],
    [["stack", "output", "--stack", "sandbox", "--json"]],
    [["refresh", "--expect-no-changes"]],
  ])("include %j", (args) => {
    expect(needsExistingStack(args)).toBe(true);
  });

  it.each([
    [["stack", "init", "sandbox"]],
    [["stack", "select", "--create", "production"]],
    [["stack", "--stack", "x", "rm", "--yes"]],
    [["stack", "ls"]],
    [["version"]],
  ])("leave out %j", (args) => {
    expect(needsExistingStack(args)).toBe(false);
  });
});

describe("the commands that choose the backend themselves", () => {
  // They get no backend from `npm run pulumi`: given the repository's local one, `login` would
  // write it as `current` in the user's credentials.json, the backend of all their projects.
  it.each([
    [["login"]],
    [["login", "--local"]],
    [["--color", "never", "login", "s3://state"]],
    [["logout"]],
    [["logout", "--all"]],
  ])("include %j", (args) => {
    expect(choosesBackend(args)).toBe(true);
  });

  it.each([
    [["preview", "--stack", "sandbox"]],
    [["stack", "ls"]],
    [["whoami"]],
    [["config", "set", "login", "x"]],
    [["up", "--", "login"]],
  ])("leave out %j", (args) => {
    expect(choosesBackend(args)).toBe(false);
  });
});

describe("the backend the user chose", () => {
  let home: string;
  let project: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), "smile-links-pulumi-home-"));
    project = path.join(home, "project");
    await mkdir(project);
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it("is none on a fresh machine, outside a project that names one", () => {
    expect(chosenBackend({ PULUMI_HOME: home }, project)).toBeUndefined();
  });

  it("is PULUMI_BACKEND_URL first, then Pulumi Cloud when PULUMI_ACCESS_TOKEN is set", () => {
    const env = { PULUMI_HOME: home, PULUMI_ACCESS_TOKEN: "pul-x" };
    expect(chosenBackend({ ...env, PULUMI_BACKEND_URL: "s3://state" }, project)).toBe("s3://state");
    expect(chosenBackend(env, project)).toBe("Pulumi Cloud (PULUMI_ACCESS_TOKEN)");
  });

  it("is the backend of the last pulumi login, from the CLI's credentials file", async () => {
    const credentials = path.join(home, "credentials.json");
    await writeFile(credentials, JSON.stringify({ current: "gs://team-state" }));
    expect(chosenBackend({ PULUMI_HOME: home }, project)).toBe("gs://team-state");
    await writeFile(credentials, JSON.stringify({ accessTokens: {} }));
    expect(chosenBackend({ PULUMI_HOME: home }, project)).toBeUndefined();
  });

  it("is the backend.url of the project's Pulumi.yaml", async () => {
    await writeFile(
      path.join(project, "Pulumi.yaml"),
      "name: p\nruntime: nodejs\nbackend:\n  url: file://~/state\n",
    );
    expect(chosenBackend({ PULUMI_HOME: home }, project)).toBe("file://~/state");
  });
});
