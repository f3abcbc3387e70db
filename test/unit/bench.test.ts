import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OUTPUT_FIELDS } from "../../provider/link/output-fields";
import { floorRatios, nativeFloorResults } from "../../scripts/bench/floor-ratios.mjs";
import { KINDS, stackName, turnOrder } from "../../scripts/bench/lifecycle.mjs";
import { roleOfCommandLine } from "../../scripts/bench/processes.mjs";
import { floorSchema } from "../../scripts/bench/floor-schema.mjs";
import { parseBenchArgs } from "../../scripts/bench/options.mjs";
import { pluginStartReport } from "../../scripts/bench/plugin-start.mjs";
import { servedSchema } from "../../scripts/release/schema.mjs";

/**
 * The benchmark's pure parts (scripts/bench/): its command line, the ratios its JSON reports,
 * the rotation of the kinds, the native floor's schema and shape, and how it tells the
 * processes it samples apart. Its timings live in `npm run bench`, never here.
 */

type Lifecycle = Parameters<typeof floorRatios>[0][number];
type Kind = (typeof KINDS)[number];

/** A lifecycle whose every operation took `seconds(kind)` in each of its rounds. */
function lifecycle(
  links: number,
  seconds: (kind: Kind) => number[],
  kinds: readonly Kind[] = KINDS,
): Lifecycle {
  const perKind = Object.fromEntries(
    KINDS.map((kind) => [kind, kinds.includes(kind) ? seconds(kind) : []]),
  );
  const ops = ["up", "noop", "preview", "refresh", "destroy"] as const;
  return {
    links,
    kinds,
    seconds: Object.fromEntries(ops.map((op) => [op, perKind])),
    peakRssMb: Object.fromEntries(
      KINDS.map((kind) => [kind, { cli: 100, program: 90, providerHost: null, plugin: 50 }]),
    ),
    exportText: Object.fromEntries(KINDS.map((kind) => [kind, ""])),
  } as unknown as Lifecycle;
}

const TIMES: Record<Kind, number[]> = {
  ours: [13, 12, 30],
  floor: [10, 9, 11],
  shaped: [12, 11, 12],
  native: [6, 5, 7],
  nativeFloor: [5, 5, 5],
  nativeShaped: [6, 6, 6],
  standalone: [4.4, 4, 9],
  standaloneFloor: [4, 4, 4],
  standaloneShaped: [4.4, 4.4, 4.4],
};

describe("the benchmark's command line", () => {
  it("measures 100 links of every kind over 3 rounds by default, without the JSON line", () => {
    expect(parseBenchArgs([])).toEqual({
      json: false,
      lifecycleSizes: [{ links: 100, rounds: 3, kinds: KINDS }],
    });
  });

  it("adds 1,000 links with --full, measured once, without the standalone floors", () => {
    expect(parseBenchArgs(["--json", "--full"])).toEqual({
      json: true,
      lifecycleSizes: [
        { links: 100, rounds: 3, kinds: KINDS },
        { links: 1000, rounds: 1, kinds: KINDS.filter((kind) => !/^standalone./.test(kind)) },
      ],
    });
  });

  it.each([
    [
      ["--links", "10", "--full"],
      [10, 100],
    ],
    [
      ["--full", "--links=15"],
      [15, 150],
    ],
    [["--links", "20"], [20]],
  ])("takes the link count from %j", (args, sizes) => {
    expect(parseBenchArgs(args).lifecycleSizes.map((size) => size.links)).toEqual(sizes);
  });

  it.each([
    [["--links", "0"], "--links takes a whole number of links from 1 up, not 0"],
    [["--links=2.5"], "--links takes a whole number of links from 1 up, not 2.5"],
    [["--links"], "--links takes a whole number of links from 1 up, not nothing"],
    [["--fast"], "unknown argument --fast: npm run bench -- [--json] [--full] [--links N]"],
  ])("refuses %j", (args, message) => {
    expect(() => parseBenchArgs(args)).toThrow(message);
  });

  it.each([
    [["--links", "x"], "bench: --links takes a whole number of links from 1 up, not x"],
    [["--fast"], "bench: unknown argument --fast: npm run bench -- [--json] [--full] [--links N]"],
  ])("run as `node scripts/bench.mjs`, refuses %j on one line and exits 2", (args, line) => {
    // It stops before any work: were it to start, a Pulumi CLI that does not exist would stop it.
    const run = spawnSync(
      process.execPath,
      [path.resolve(__dirname, "../../scripts/bench.mjs"), ...args],
      {
        encoding: "utf8",
        env: { ...process.env, SMILE_LINKS_PULUMI: "/nonexistent/pulumi" },
        timeout: 30_000,
      },
    );
    expect(run.stderr).toBe(`${line}\n`);
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(2);
  });
});

describe("the ratios in the benchmark's JSON", () => {
  it("divide median by median, to three decimals, and leave 1,000 links null without --full", () => {
    expect(floorRatios([lifecycle(100, (kind) => TIMES[kind])])).toEqual({
      up100: 1.3,
      up1000: null,
      noop1000: null,
      preview1000: null,
      refresh1000: null,
      destroy1000: null,
      noop100: 1.3,
      preview100: 1.3,
      refresh100: 1.3,
      destroy100: 1.3,
    });
  });

  it("read the keys named for 1,000 links from the larger stack", () => {
    const small = lifecycle(100, () => [1]);
    const large = lifecycle(1000, (kind) => TIMES[kind]);
    const shaped = floorRatios([small, large], "shaped");
    expect(shaped).toMatchObject({ up100: 1, up1000: 1.083, destroy1000: 1.083 });
  });

  it("give each native install its ratio over the dynamic floor and over its own floors", () => {
    const results = nativeFloorResults([lifecycle(100, (kind) => TIMES[kind])]);
    expect(results.nativeFloorRatio.launcher.up100).toBe(0.6);
    expect(results.nativeFloorRatio.standalone.up100).toBe(0.44);
    expect(results.nativeShapedFloorRatio.standalone.up100).toBe(0.367);
    expect(results.nativeOwnFloorRatio.launcher.up100).toBe(1.2);
    expect(results.nativeOwnFloorRatio.standalone.up100).toBe(1.1);
    expect(results.nativeOwnShapedFloorRatio.launcher.up100).toBe(1);
    expect(results.nativeOwnShapedFloorRatio.standalone.up100).toBe(1);
  });

  it("divide the standalone provider by the launcher's floors where the standalone floors were not measured", () => {
    const small = lifecycle(100, (kind) => TIMES[kind]);
    const large = lifecycle(
      1000,
      (kind) => TIMES[kind],
      KINDS.filter((kind) => kind !== "standaloneFloor" && kind !== "standaloneShaped"),
    );
    const { nativeOwnFloorRatio, nativeOwnShapedFloorRatio } = nativeFloorResults([small, large]);
    expect(nativeOwnFloorRatio.standalone).toMatchObject({ up100: 1.1, up1000: 0.88 });
    expect(nativeOwnShapedFloorRatio.standalone).toMatchObject({ up100: 1, up1000: 0.733 });
  });

  it("keep the launcher's ratios at the top of each native ratio, with floorRatio's keys", () => {
    const results = nativeFloorResults([lifecycle(100, (kind) => TIMES[kind])]);
    for (const ratio of Object.values(results)) {
      const { launcher, standalone: _standalone, ...top } = ratio;
      expect(top).toEqual(launcher);
      expect(Object.keys(top)).toEqual(Object.keys(floorRatios([lifecycle(100, () => [1])])));
    }
  });
});

describe("the plugins' start in the benchmark's JSON", () => {
  const run = (firstAnswerMs: number) => ({
    portMs: firstAnswerMs - 5,
    firstAnswerMs,
    firstCheckMs: firstAnswerMs * 2,
  });
  const starts = {
    version: "0.1.0",
    runs: {
      standalone: [run(100), run(90), run(300)],
      launcher: [run(150), run(140), run(160)],
      floorStandalone: [run(60), run(61), run(62)],
      floorLauncher: [run(80), run(81), run(82)],
    },
  };

  it("reports each install's median to the first answer and to the first Check, smileid's and the floor's", () => {
    expect(pluginStartReport(starts).result).toEqual({
      pluginStartMs: { standalone: 100, launcher: 150 },
      floorPluginStartMs: { standalone: 61, launcher: 81 },
      pluginFirstCheckMs: { standalone: 200, launcher: 300 },
      floorPluginFirstCheckMs: { standalone: 122, launcher: 162 },
    });
  });

  it("holds smileid's start to 150 ms standalone and 200 ms from the launcher", () => {
    const rows = pluginStartReport(starts).rows;
    expect(rows.map((row) => [row.metric, row.max])).toEqual([
      ["pluginStartMs.standalone", 150],
      ["pluginStartMs.launcher", 200],
    ]);
  });
});

describe("the rotation of the kinds", () => {
  it("puts every kind in each round once, and each kind first in one of as many rounds", () => {
    const rounds = KINDS.map((_, index) => turnOrder(KINDS, index + 1));
    for (const order of rounds) expect([...order].sort()).toEqual([...KINDS].sort());
    expect(rounds.map((order) => order[0]).sort()).toEqual([...KINDS].sort());
  });

  it("names every kind's stacks with names of one length, as URNs hold them", () => {
    const lengths = new Set(KINDS.map((kind) => stackName(kind, 1000, 1).length));
    expect(lengths.size).toBe(1);
  });
});

describe("the native floor", () => {
  interface ResourceSpec {
    inputProperties: Record<string, unknown>;
    properties: Record<string, unknown>;
  }
  interface Schema {
    pluginDownloadURL?: string;
    resources: Record<string, ResourceSpec>;
  }
  const served = servedSchema() as unknown as Schema;
  const schema = floorSchema(served, "1.0.0") as Schema;
  const link = served.resources["smileid:index:SmileLink"]!;

  it("has type tokens as long as smileid's, and none of smileid's left", () => {
    expect(Object.keys(schema.resources).map((token) => token.length)).toEqual([
      "smileid:index:SmileLink".length,
      "smileid:index:SmileLink".length,
    ]);
    expect(JSON.stringify(schema)).not.toContain("smileid:index:");
  });

  it("names smileid's plugin server, which every resource's default provider holds", () => {
    expect(schema.pluginDownloadURL).toBe(served.pluginDownloadURL);
  });

  it("keeps a FloorLink's inputs as its outputs, without defaults", () => {
    const floor = schema.resources["floorid:index:FloorLink"]!;
    expect(Object.keys(floor.inputProperties)).toEqual(Object.keys(link.inputProperties));
    expect(floor.properties).toEqual(floor.inputProperties);
    expect(JSON.stringify(floor)).not.toContain('"default"');
  });

  it("gives a ShapeLink a SmileLink's inputs and outputs", () => {
    const shape = schema.resources["floorid:index:ShapeLink"]!;
    expect(Object.keys(shape.inputProperties)).toEqual(Object.keys(link.inputProperties));
    expect(Object.keys(shape.properties)).toEqual(Object.keys(link.properties));
  });

  it("creates a ShapeLink with a SmileLink's outputs", () => {
    const require = createRequire(__filename);
    const { createdOutputs } = require("../../scripts/bench/floor/shape.js");
    const previous = process.env.SMILE_ID_API_URL;
    process.env.SMILE_ID_API_URL = "http://127.0.0.1:1/v1";
    try {
      const outputs = createdOutputs({ name: "n", resourceKey: "p/s/n" }, "0123456789abcdef");
      expect(Object.keys(outputs).sort()).toEqual(["name", ...Object.keys(OUTPUT_FIELDS)].sort());
    } finally {
      if (previous === undefined) delete process.env.SMILE_ID_API_URL;
      else process.env.SMILE_ID_API_URL = previous;
    }
  });
});

describe("the processes the benchmark samples for memory and CPU time", () => {
  const home = path.join("/tmp", "bench", "pulumi-home", "plugins");
  it.each([
    [["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"], "providerHost"],
    [[`${home}/resource-smileid-v0.1.0/pulumi-resource-smileid`, "127.0.0.1:1"], "plugin"],
    [[`${home}/resource-floorid-v1.0.0/pulumi-resource-floorid`, "127.0.0.1:1"], "plugin"],
    [["node", "/p/node_modules/pulumi-smile-links/dist/native/main.js", "127.0.0.1:1"], "plugin"],
    [["node", "/p/node_modules/smile-links-floor/native/plugin.js", "127.0.0.1:1"], "plugin"],
    [["/bin/sh", "/p/node_modules/pulumi-smile-links/bin/pulumi-resource-smileid"], "plugin"],
    [["node", "/p/node_modules/@pulumi/pulumi/cmd/run/index.js", "--monitor", "x"], "program"],
    [["pulumi-language-nodejs", "127.0.0.1:1"], undefined],
  ])("tell %j is %s", (args, role) => {
    expect(roleOfCommandLine(args.join("\0"))).toBe(role);
  });
});
