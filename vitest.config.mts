import { defineConfig } from "vitest/config";

/**
 * Two tiers. `unit`: pure rules, the client and the emulator over HTTP on port 0, the provider
 * against the emulator, the CLI; it needs no Pulumi CLI, no Go and no `npm pack`
 * (`npm run test:unit`). `engine`: the provider host, the Pulumi CLI on user projects, the
 * native plugin and its SDKs; its global setup builds or finds the CLI and packs the package.
 * `npm test` runs both.
 */
export default defineConfig({
  test: {
    // Pulumi's closure serialization breaks in worker threads (pulumi/pulumi#10480).
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Its tests mostly wait (on timers and on HTTP to local emulators), so more files
          // than cores run at once; the default, one worker per core less one, runs a
          // two-core machine's files one after another.
          maxWorkers: 4,
          // Projects with different worker counts run as separate groups: the fast tier first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/engine-setup.ts"],
          // Each file keeps its own emulator, project and backend, so two run side by side: their
          // tests mostly wait on Pulumi's processes, which use the cores the other file leaves.
          maxWorkers: 2,
          // A step of the Pulumi CLI takes seconds, more while another file runs beside it.
          testTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
