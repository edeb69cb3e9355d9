/**
 * The policy pack's wiring (policy/index.ts) of the deletion guard for the native provider: the engine's
 * `protect` option reaches the rule, and the allow-list and the pack config act on it as on every policy.
 * The judgement itself is test/unit/policy-rules.test.ts; a native resource through the real engine needs
 * the native provider plugin.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { policies } from "../../policy/index";

// Loading the pack starts its analyzer server: the policies are what this test reads (jest runs the mock
// before the imports).
jest.mock("@pulumi/policy", () => ({
  ...jest.requireActual<object>("@pulumi/policy"),
  PolicyPack: class {},
}));

const guard = policies.find((p) => p.name === "deletion-guard") as ResourceValidationPolicy;

function validate(protect: boolean, config: object = {}): string[] {
  const violations: string[] = [];
  const args = {
    type: "mailreseller:mailup:AccountPack",
    urn: "urn:pulumi:prod::mail::mailreseller:mailup:AccountPack::acme-pack",
    name: "acme-pack",
    props: { accountId: "17001", pack: "Storage", quantity: 2 },
    opts: { protect, ignoreChanges: [], aliases: [], customTimeouts: {}, additionalSecretOutputs: [] },
    getConfig: () => config,
  } as unknown as ResourceValidationArgs;
  const validateResource = guard.validateResource as (
    a: ResourceValidationArgs,
    r: (m: string) => void,
  ) => void;
  validateResource(args, (message) => violations.push(message));
  return violations;
}

test("deletion-guard is mandatory, with an allow-list", () => {
  expect(guard.enforcementLevel).toBe("mandatory");
  expect(Object.keys(guard.configSchema?.properties ?? {})).toEqual(["allow"]);
});

test("it blocks a native resource the engine registers without protect, and passes one with it", () => {
  expect(validate(true)).toEqual([]);
  const [message, ...rest] = validate(false);
  expect(rest).toEqual([]);
  expect(message).toMatch(/^mailup\.AccountPack "acme-pack" must not be registered without `protect`/);
  expect(message).toContain('to "deletion-guard".allow in the policy pack config');
});

test("a dated allow-list entry lets one resource through until it expires", () => {
  expect(
    validate(false, { allow: [{ name: "acme-pack", expires: "2999-12-31", reason: "leaving" }] }),
  ).toEqual([]);
  expect(validate(false, { allow: [{ name: "acme-pack", expires: "2000-01-01" }] })).toEqual([
    expect.stringContaining("(the allow-list entry for it expired on 2000-01-01)"),
  ]);
});
