/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  modulePathIgnorePatterns: ["<rootDir>/bin/", "<rootDir>/.work/", "<rootDir>/examples/"],
  // Engine tests drive the real Pulumi CLI and take tens of seconds each.
  testTimeout: 30000,
};
