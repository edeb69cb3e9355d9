/**
 * The native provider's functions table (provider/native/functions.ts): each row names a public lookup,
 * and maps an invoke's arguments to its parameters and its result to the invoke's outputs exactly as the
 * package schema declares them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import * as api from "../../provider";
import {
  NATIVE_FUNCTIONS,
  callArguments,
  invokeFunction,
  invokeOutputs,
} from "../../provider/native/functions";
import type { PackageSpec } from "../../scripts/schema/spec";

// The lookups call the vendors; here they answer from memory.
jest.mock("../../provider/mailup/lookups", () => ({
  ...jest.requireActual("../../provider/mailup/lookups"),
  getProfile: jest.fn(async (idOrName: string) => ({ id: "1048", name: idOrName, clientCode: 3 })),
  getProfileLanguages: jest.fn(async () => ["EN", "IT"]),
}));

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, "../../provider/native/schema.json"), "utf8"),
) as PackageSpec;

test("every row names a lookup its namespace exports, and the schema has a function for each", () => {
  for (const [token, fn] of Object.entries(NATIVE_FUNCTIONS)) {
    expect(token).toBe(`mailreseller:${fn.namespace}:${fn.name}`);
    expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[fn.namespace][fn.name]).toBe(
      "function",
    );
  }
  expect(Object.keys(schema.functions).sort()).toEqual(Object.keys(NATIVE_FUNCTIONS).sort());
});

test("a wrapped result is the schema's one required output", () => {
  for (const [token, fn] of Object.entries(NATIVE_FUNCTIONS)) {
    if (fn.result.kind !== "wrapped") continue;
    expect(Object.keys(schema.functions[token].outputs.properties)).toEqual([fn.result.key]);
    expect(schema.functions[token].outputs.required).toEqual([fn.result.key]);
  }
});

test("the invoke's arguments become the lookup's parameters, as each row says", () => {
  expect(callArguments("mailreseller:partner:listClients", {})).toEqual([]);
  expect(callArguments("mailreseller:partner:getLiveServices", { product: "backupMX" })).toEqual([
    { product: "backupMX" },
  ]);
  expect(callArguments("mailreseller:mailup:getProfilePacks", { profileIdOrName: "Premium" })).toEqual([
    "Premium",
  ]);
  expect(callArguments("mailreseller:outmail:searchClients", { term: "fred" })).toEqual(["fred"]);
  const criteria = { external_userid: "123456" };
  expect(callArguments("mailreseller:partner:searchClients", { criteria })).toEqual([criteria]);
});

test("searchClients takes exactly one of term and criteria, and says so", () => {
  expect(() => callArguments("mailreseller:outmail:searchClients", {})).toThrow(
    "outmail.searchClients takes exactly one of term, criteria; none was given",
  );
  expect(() => callArguments("mailreseller:outmail:searchClients", { term: "a", criteria: {} })).toThrow(
    "got term and criteria",
  );
});

test("a list or a map is wrapped under its key; an object is the outputs as it is", () => {
  expect(invokeOutputs("mailreseller:mailup:getProfiles", [{ id: "1" }])).toEqual({ items: [{ id: "1" }] });
  expect(invokeOutputs("mailreseller:resellerclub:getCustomer", { customerid: "7" })).toEqual({
    customer: { customerid: "7" },
  });
  const names = { partnerCredits: 5, serviceNames: [] };
  expect(invokeOutputs("mailreseller:partner:getServiceNames", names)).toBe(names);
});

test("invokeFunction calls the lookup and shapes its result", async () => {
  await expect(invokeFunction("mailreseller:mailup:getProfile", { idOrName: "Premium" })).resolves.toEqual({
    id: "1048",
    name: "Premium",
    clientCode: 3,
  });
  await expect(
    invokeFunction("mailreseller:mailup:getProfileLanguages", { profileIdOrName: "Premium" }),
  ).resolves.toEqual({ items: ["EN", "IT"] });
});

test("an unknown token fails naming the functions there are", () => {
  expect(() => callArguments("mailreseller:mailup:getProfileX", {})).toThrow(
    /unknown function mailreseller:mailup:getProfileX; the functions are: .*mailreseller:mailup:getProfile,/,
  );
});
