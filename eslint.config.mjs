import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".smile-links/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The serialized provider shim and the tests of the built package load code at run time.
    files: ["provider/dynamic/provider.ts", "test/helpers/serialized-provider.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Packages the benchmark installs in a Pulumi project of its own: CommonJS, as users' are.
    files: ["scripts/bench/floor/**/*.js", "scripts/bench/project/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        require: "readonly",
        module: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
);
