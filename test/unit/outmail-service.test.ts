import { unknownValue } from "../../provider/core/resource/inputs";
import { ServiceInputs, ServiceOutputs, implementation } from "../../provider/partner/service";

const inputs: ServiceInputs = {
  clientId: "9987606",
  serviceName: "Outmail500",
  username: "relay-one",
  password: "relay-password",
  billingServiceId: "1324578",
  suspended: false,
};
const outputs: ServiceOutputs = {
  ...inputs,
  outmailId: "500001",
  liveServiceId: "1234931",
  outmailServerId: "11",
};

describe("outmail.Service check", () => {
  it("accepts valid inputs, applies defaults and drops __provider", async () => {
    const { __provider: _, ...expected } = { ...inputs, __provider: "x" };
    const result = await implementation.check(
      {} as ServiceInputs,
      { ...inputs, suspended: undefined, __provider: "x" } as never,
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject(expected);
    // With no vendor configured the tariff's cost is unknown: the budget policy then fails closed.
    expect(result.inputs).toMatchObject({ replacing: [], spend: { amount: unknownValue } });
  });

  it("names each bad property and says what is allowed", async () => {
    const result = await implementation.check(
      {} as ServiceInputs,
      {
        clientId: "acme",
        serviceName: "Outmail 500",
        username: "x",
        password: "short",
        colour: "blue",
      } as never,
    );
    const byProperty = Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
    expect(byProperty.clientId).toMatch(/numeric id of one of your clients/);
    expect(byProperty.serviceName).toMatch(/tariff name such as "Outmail500"/);
    expect(byProperty.username).toMatch(/3 to 64/);
    expect(byProperty.password).toMatch(/at least 8/);
    expect(byProperty.colour).toMatch(/^unknown argument; the arguments of outmail.Service are: clientId, /);
  });

  it("lets unknown values through during preview", async () => {
    const result = await implementation.check(
      {} as ServiceInputs,
      { ...inputs, clientId: unknownValue } as never,
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs?.clientId).toBe(unknownValue);
  });
});

describe("outmail.Service diff", () => {
  const diff = (news: Partial<ServiceInputs>) =>
    implementation.diff("1234931", outputs, { ...inputs, ...news });

  it("reports no change explicitly, ignoring adopt", async () => {
    expect(await diff({ adopt: "1234931" })).toEqual({
      changes: false,
      replaces: [],
      updates: [],
      deleteBeforeReplace: false,
    });
  });

  it.each([
    ["serviceName", { serviceName: "Outmail1000" }],
    ["password", { password: "another-password" }],
    ["billingServiceId", { billingServiceId: "42" }],
    ["suspended", { suspended: true }],
  ])("updates %s in place", async (name, change) => {
    expect(await diff(change)).toEqual({
      changes: true,
      replaces: [],
      updates: [name],
      deleteBeforeReplace: false,
    });
  });

  it("replaces on a client change, deleting first because the username is kept", async () => {
    expect(await diff({ clientId: "987606" })).toEqual({
      changes: true,
      replaces: ["clientId"],
      updates: [],
      deleteBeforeReplace: true,
    });
  });

  it("replaces on a username change, creating the new one first", async () => {
    expect(await diff({ username: "relay-two" })).toEqual({
      changes: true,
      replaces: ["username"],
      updates: [],
      deleteBeforeReplace: false,
    });
  });

  it("treats an unknown tariff as a pending update, not a replacement", async () => {
    expect(await diff({ serviceName: unknownValue })).toEqual({
      changes: true,
      replaces: [],
      updates: ["serviceName"],
      deleteBeforeReplace: false,
    });
  });
});

describe("outmail.Service docs", () => {
  it("lists every input in the README (the docs are checked in hover.test.ts)", async () => {
    const { serviceArgsSchema } = await import("../../provider/partner/service");
    const readme = (await import("node:fs")).readFileSync(`${__dirname}/../../README.md`, "utf8");
    for (const key of Object.keys(serviceArgsSchema.shape)) {
      expect(readme).toContain(`| \`${key}\` |`);
    }
  });
});
