import type * as pulumi from "@pulumi/pulumi";

import { factsOf } from "../../provider/core/protocol/policy-facts-protocol";
import { type ResourceImplementation, lazyProvider } from "../../provider/core/resource/shim";

type Args = { tier: string; transition?: unknown };

/** A resource whose creation and tier changes cost what its tier costs, as outMail's services do. */
const implementation = {
  check: async (olds: Partial<Args>, news: Record<string, unknown>) => {
    const tier = news.tier as string;
    const charged = olds.tier === undefined || olds.tier !== tier;
    return {
      inputs: { tier, replacing: [], spend: { amount: charged ? 5 : 0, unit: "partner credits" as const } },
      failures: [],
    };
  },
  create: async (inputs: Args) => ({ id: "1", outs: { ...inputs, liveServiceId: "1" } }),
} as unknown as ResourceImplementation<Args, Args>;

const provider = lazyProvider<Args, Args>("outmail.Service", () => implementation);
const check = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  provider.check!(olds as Args, news as Args) as Promise<pulumi.dynamic.CheckResult<Args>>;

/** What the engine hands check: the program's inputs with the serialized provider. */
const program = (tier = "Outmail250") => ({
  __provider: "exports.handler = …",
  tier,
  declaredAs: 'outmail.Service "relay"',
});

describe("the shim's check of a resource nothing has changed", () => {
  // The state after a create records what the create cost.
  let recorded: Record<string, unknown>;
  beforeAll(async () => {
    recorded = (await check({}, program())).inputs as unknown as Record<string, unknown>;
    expect(factsOf(recorded).spend).toEqual({ amount: 5, unit: "partner credits", pending: true });
  });

  it("returns exactly the inputs its state records, so the engine has nothing to write", async () => {
    const { inputs } = await check({ ...recorded, __provider: "exports.handler = …" }, program());
    expect(inputs).toEqual(recorded);
  });

  it("keeps the spend its check computed when an input changed", async () => {
    const { inputs } = await check({ ...recorded, __provider: "x" }, program("Outmail500"));
    expect(factsOf(inputs as Record<string, unknown>).spend).toEqual({
      amount: 5,
      unit: "partner credits",
      pending: true,
    });
    const unchanged = { ...recorded, tier: "Outmail500" };
    const again = await check(unchanged, program("Outmail500"));
    expect(again.inputs).toEqual(unchanged);
  });

  it("keeps the spend its check computed when another fact differs from the recorded ones", async () => {
    const withTransition = {
      ...recorded,
      policyFacts: { ...factsOf(recorded), transition: { property: "tier", from: "a", to: "b" } },
    };
    const { inputs } = await check(withTransition, program());
    expect(factsOf(inputs as Record<string, unknown>).spend).toEqual({
      amount: 0,
      unit: "partner credits",
      pending: true,
    });
    expect(factsOf(inputs as Record<string, unknown>).transition).toBeUndefined();
  });

  it("keeps the spend its check computed when the state records none", async () => {
    const facts = { ...factsOf(recorded) };
    delete facts.spend;
    const { inputs } = await check({ ...recorded, policyFacts: facts }, program());
    expect(factsOf(inputs as Record<string, unknown>).spend).toEqual({
      amount: 0,
      unit: "partner credits",
      pending: true,
    });
  });
});

describe("the shim's outputs", () => {
  it("record no spend: what a change spends is spent once applied, and the budget reads outputs", async () => {
    const { inputs } = await check({}, program());
    const created = await provider.create!(inputs as Args);
    expect(factsOf(created.outs as Record<string, unknown>).spend).toBeUndefined();
    expect(factsOf(created.outs as Record<string, unknown>).resourceType).toBe("outmail.Service");
    expect(created.outs).toMatchObject({ tier: "Outmail250", liveServiceId: "1" });
  });
});
