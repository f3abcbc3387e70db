import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Pulumi's closure serialization breaks in worker threads (pulumi/pulumi#10480).
    pool: "forks",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
