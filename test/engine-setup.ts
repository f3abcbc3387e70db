import { inject } from "vitest";

/**
 * In each engine-tier worker: the programs and plugins the Pulumi CLI starts keep their compiled
 * code in this run's compile cache (test/global-setup.ts), not in the one `pulumiEnv` gives by
 * default, which would grow with every test project's paths.
 */
process.env.NODE_COMPILE_CACHE = inject("compileCache");
