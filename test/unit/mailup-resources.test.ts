import * as fs from "node:fs";

import {
  accountArgsSchema,
  implementation as account,
  AccountInputs,
  AccountOutputs,
} from "../../provider/mailup/account";
import {
  accountPackArgsSchema,
  implementation as pack,
  AccountPackOutputs,
} from "../../provider/mailup/account-pack";

const readme = fs.readFileSync(`${__dirname}/../../README.md`, "utf8");

describe("mailup docs", () => {
  it.each([
    ["mailup.Account", accountArgsSchema],
    ["mailup.AccountPack", accountPackArgsSchema],
  ])("%s: every input is listed in the README (the docs are checked in hover.test.ts)", (_name, schema) => {
    for (const key of Object.keys(schema.shape)) {
      expect(readme).toContain(`| \`${key}\` |`);
    }
  });
});

describe("mailup diffs", () => {
  const inputs = {
    profile: "Premium",
    language: "EN",
    ipAddress: "192.168.0.1",
    email: "a@b.example",
    customDomain: "b.example",
    customSubdomain: "c1",
    serviceName: "S",
    serviceUrl: "u",
    serviceLogoutUrl: "l",
    enabled: true,
    activationTimeoutSeconds: 300,
  } as AccountInputs;
  const outs = {
    ...inputs,
    accountId: "150001",
    profileId: "1048",
    profileName: "Premium",
    status: "Active",
  } as AccountOutputs;

  it("switches profile and enables in place; ignores activation metadata", async () => {
    expect(await account.diff("9054", outs, { ...inputs, profile: "Economy" })).toEqual({
      changes: true,
      replaces: [],
      updates: ["profile"],
      deleteBeforeReplace: false,
    });
    expect(await account.diff("9054", outs, { ...inputs, enabled: false })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(
      await account.diff("9054", outs, {
        ...inputs,
        userAgent: "x",
        activationTimeoutSeconds: 10,
        adopt: "1",
      }),
    ).toMatchObject({
      changes: false,
    });
  });

  it("replaces on a new subdomain without deleting first, and resumes an unfinished activation", async () => {
    expect(await account.diff("9054", outs, { ...inputs, customSubdomain: "c2" })).toEqual({
      changes: true,
      replaces: ["customSubdomain"],
      updates: [],
      deleteBeforeReplace: false,
    });
    const unfinished = { ...outs, accountId: undefined };
    expect(await account.diff("9054", unfinished, inputs)).toEqual({
      changes: true,
      replaces: [],
      updates: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates a pack quantity in place and replaces on a new pack, freeing it first", async () => {
    const packOuts: AccountPackOutputs = {
      accountId: "1",
      pack: "535",
      quantity: 2,
      packId: "535",
      packName: "Crediti300",
      currentQuantity: 2,
    };
    expect(await pack.diff("1/535", packOuts, { accountId: "1", pack: "535", quantity: 3 })).toEqual({
      changes: true,
      replaces: [],
      updates: ["quantity"],
      deleteBeforeReplace: false,
    });
    expect(await pack.diff("1/535", packOuts, { accountId: "1", pack: "534", quantity: 2 })).toEqual({
      changes: true,
      replaces: ["pack"],
      updates: [],
      deleteBeforeReplace: true,
    });
  });
});

describe("resellerclub docs", () => {
  it("every input of both resources is listed in the README (the docs are checked in hover.test.ts)", async () => {
    const { mailUserArgsSchema } = await import("../../provider/resellerclub/mail-user");
    const { forwardOnlyAccountArgsSchema } = await import("../../provider/resellerclub/forward-only-account");
    for (const schema of [mailUserArgsSchema, forwardOnlyAccountArgsSchema]) {
      for (const key of Object.keys(schema.shape)) {
        expect(readme).toContain(`| \`${key}\` |`);
      }
    }
  });
});
