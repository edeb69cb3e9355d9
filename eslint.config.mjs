// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    // sdk/: the SDKs Pulumi's generators write (npm run gen:sdk), committed as they come out.
    ignores: ["bin/", "policy/bin/", "node_modules/", "**/node_modules/", ".work/", "coverage/", "sdk/"],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      // `import x = require("…")` is how a module whose exports are one object is imported.
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
    },
  },
  {
    // The dynamic-provider shims load their implementation with require() at call time on purpose
    // (DESIGN.md invariant 1); run-stack loads a program, and its @pulumi/pulumi, by path at run time.
    files: ["provider/shims/**", "test/harness/run-stack.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["jest.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable" } },
  },
);
