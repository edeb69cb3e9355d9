/**
 * mailpartner.Subaccount's check and diff, which need no vendor: the per-type rules, what a change of
 * each input does, and the warning for creation-only inputs changed on an existing sub-account.
 */
import * as fs from "node:fs";

import { unknownValue } from "../../provider/core/resource/inputs";
import {
  type SubaccountInputs,
  type SubaccountOutputs,
  implementation,
  subaccountArgsSchema,
  unappliedChangeWarning,
} from "../../provider/mailpartner/subaccount";

const readme = fs.readFileSync(`${__dirname}/../../README.md`, "utf8");

/** A resource being created: the engine passes no old inputs. */
const none = {} as SubaccountInputs;

/** check as the engine calls it: raw inputs, which the schema has not typed yet. */
function check(news: Record<string, unknown>) {
  return implementation.check(none, news as SubaccountInputs);
}

const advanced = { type: "advanced", email: "Shop@Customer.example", isBuyer: false, creditToAttribute: 10 };

function outs(overrides: Partial<SubaccountOutputs> = {}): SubaccountOutputs {
  return {
    type: "simple",
    email: "subaccount-1@mailpartner.sandbox",
    emailGenerated: true,
    token: "0123456789abcdef",
    creditAttributed: 5,
    creditToAttribute: 5,
    ...overrides,
  };
}

describe("check", () => {
  it("accepts both types and lower-cases the address", async () => {
    const result = await check({ ...advanced, __provider: "x" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({
      ...advanced,
      email: "shop@customer.example",
      replacing: [],
      spend: { amount: 10, unit: "EUR" },
    });
    expect((await check({ type: "simple", allowWithoutEmail: true })).failures).toEqual([]);
    // Without an address a new simple sub-account has no unique key: refused unless accepted explicitly.
    expect((await check({ type: "simple" })).failures).toEqual([
      { property: "email", reason: expect.stringContaining("set `allowWithoutEmail: true` to accept that") },
    ]);
  });

  it("requires email and isBuyer for advanced, and refuses isBuyer on simple, naming the property", async () => {
    expect((await check({ type: "advanced" })).failures).toEqual([
      { property: "email", reason: "is required for an advanced sub-account" },
      { property: "isBuyer", reason: "is required for an advanced sub-account" },
    ]);
    expect((await check({ type: "simple", isBuyer: true })).failures).toEqual([
      {
        property: "isBuyer",
        reason: "applies to advanced sub-accounts only (a simple sub-account cannot buy)",
      },
    ]);
  });

  it.each([
    [{ type: "premium" }, "type"],
    [{ type: "simple", creditToAttribute: 0 }, "creditToAttribute"],
    [{ type: "simple", creditToAttribute: -3 }, "creditToAttribute"],
    [{ type: "simple", creditToAttribute: 1.005 }, "creditToAttribute"],
    [{ type: "simple", email: "not-an-address" }, "email"],
    [{ type: "simple", adopt: "42" }, "adopt"],
    [{ type: "simple", phone: "+33600000000" }, "phone"],
  ])("rejects %j naming %s", async (news, property) => {
    const { failures } = await check(news);
    expect(failures?.map((f) => f.property)).toContain(property);
  });

  it("lets unknown values through during preview, and counts an unknown address as given", async () => {
    const result = await check({ type: "advanced", email: unknownValue, isBuyer: true });
    expect(result.failures).toEqual([]);
    expect(result.inputs?.email).toBe(unknownValue);
    expect((await check({ type: unknownValue, isBuyer: true })).failures).toEqual([]);
  });
});

describe("diff", () => {
  it("replaces on a type change", async () => {
    expect(
      await implementation.diff("x", outs(), { type: "advanced", email: "a@b.example", isBuyer: true }),
    ).toEqual({
      changes: true,
      replaces: ["type", "email"],
      updates: [],
      deleteBeforeReplace: false,
    });
  });

  it("keeps a generated address while the program leaves it out, and replaces when one is named", async () => {
    expect(await implementation.diff("x", outs(), { type: "simple", creditToAttribute: 5 })).toMatchObject({
      changes: false,
    });
    expect(
      await implementation.diff("x", outs(), {
        type: "simple",
        email: "named@b.example",
        creditToAttribute: 5,
      }),
    ).toMatchObject({ changes: true, replaces: ["email"] });
  });

  it("never changes anything for creation-only inputs: no money moves, nothing is replaced", async () => {
    expect(
      await implementation.diff("x", outs(), { type: "simple", creditToAttribute: 500, title: "Renamed" }),
    ).toEqual({ changes: false, replaces: [], updates: [], deleteBeforeReplace: false });
  });
});

describe("unappliedChangeWarning", () => {
  it("names the sub-account, each changed input, and says no money moves", () => {
    const warning = unappliedChangeWarning(
      { type: "advanced", email: "shop@customer.example", isBuyer: false, creditToAttribute: 10 },
      { type: "advanced", email: "shop@customer.example", isBuyer: true, creditToAttribute: 25 },
    );
    expect(warning).toContain("mailpartner.Subaccount shop@customer.example");
    expect(warning).toContain("creditToAttribute: 10 → 25");
    expect(warning).toContain("isBuyer: false → true");
    expect(warning).toContain("no money moves");
  });

  it("says nothing when nothing creation-only changed, or when the change replaces the sub-account", () => {
    expect(
      unappliedChangeWarning({ type: "simple", title: "A" }, { type: "simple", title: "A" }),
    ).toBeUndefined();
    expect(
      unappliedChangeWarning(
        { type: "simple", creditToAttribute: 1 },
        { type: "advanced", creditToAttribute: 9 },
      ),
    ).toBeUndefined();
  });

  it("describes a sub-account with a generated address by its type", () => {
    expect(unappliedChangeWarning({ type: "simple" }, { type: "simple", lastName: "Durand" })).toContain(
      "mailpartner.Subaccount (simple, generated address): the program changes lastName",
    );
  });
});

test("every input is listed in the README (the docs are checked in hover.test.ts)", () => {
  for (const key of Object.keys(subaccountArgsSchema.shape)) {
    expect(readme).toContain(`| \`${key}\` |`);
  }
});
