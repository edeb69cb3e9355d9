import {
  POLICY_FACTS_PROPERTY,
  factsOf,
  flattenPolicyFacts,
  nestPolicyFacts,
} from "../../provider/core/protocol/policy-facts-protocol";

describe("the policy facts protocol", () => {
  const flat = {
    serviceName: "Outmail1000",
    transition: {
      property: "serviceName",
      from: "Outmail500",
      to: "Outmail1000",
      direction: "up",
      basis: "credits",
    },
    replacing: [],
    spend: { amount: 10, unit: "partner credits" },
    tariffCredits: 20,
  };

  it("keeps every fact in one nested input towards the engine, and back", () => {
    const nested = nestPolicyFacts(flat);
    expect(Object.keys(nested).sort()).toEqual([POLICY_FACTS_PROPERTY, "serviceName"]);
    expect(factsOf(nested)).toEqual({
      transition: flat.transition,
      replacing: [],
      spend: flat.spend,
      tariffCredits: 20,
    });
    expect(flattenPolicyFacts(nested)).toEqual(flat);
    // Idempotent both ways: state written by either form reads the same.
    expect(nestPolicyFacts(nested)).toEqual(nested);
    expect(flattenPolicyFacts(flat)).toEqual(flat);
  });

  it("adds nothing when there are no facts", () => {
    expect(nestPolicyFacts({ email: "a@x.example" })).toEqual({ email: "a@x.example" });
    expect(factsOf({})).toEqual({});
  });
});
