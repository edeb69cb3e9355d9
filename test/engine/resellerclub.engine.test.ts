/**
 * resellerclub.MailUser and resellerclub.ForwardOnlyAccount through the real Pulumi CLI and engine:
 * up → unchanged preview makes zero vendor calls → change forwards and names (in place) → change the
 * email (a replacement, shown in preview) → refresh → destroy. The API key never reaches state or output.
 */
import { DEFAULT_RESELLERCLUB_API_KEY, Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack } from "../harness/engine-stack";

jest.setTimeout(600_000);

const USER = "pulumi-nodejs:dynamic/resellerclub:MailUser";
const PASSWORD = "mailbox-secret-4242";

let sandbox: Sandbox;
let stack: EngineStack;

function program(opts: { email: string; lastName: string; forwards: string[] }): string {
  return `
import * as pulumi from "@pulumi/pulumi";
import { resellerclub } from "pulumi-mailreseller";

const user = new resellerclub.MailUser("mailbox", {
  orderId: "1001",
  email: "${opts.email}",
  password: new pulumi.Config().requireSecret("mailboxPassword"),
  notificationEmail: "admin@elsewhere.example",
  firstName: "Ada",
  lastName: "${opts.lastName}",
  countryCode: "GB",
  languageCode: "en",
});
new resellerclub.ForwardOnlyAccount("sales", {
  orderId: "1001",
  email: "sales@customer.example",
  forwards: ${JSON.stringify(opts.forwards)},
});
export const mailbox = user.id;
`;
}

const calls = () =>
  sandbox.requests
    .filter((r) => r.vendor === "resellerclub")
    .map((r) => `${r.method} ${r.path.replace("/resellerclub/api/", "")}`);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  stack = new EngineStack({
    name: "resellerclub",
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:mailboxPassword": { value: PASSWORD, secret: true },
    },
  });
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("1. up creates the mailbox and the forward-only account, one call each", async () => {
  stack.writeProgram(
    program({
      email: "ada@customer.example",
      lastName: "Lovelace",
      forwards: ["b@x.example", "a@x.example"],
    }),
  );
  sandbox.requestLog.clear();
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toEqual({ create: 3 });
  expect(calls().sort()).toEqual(["POST mail/user/add-forward-only-account.json", "POST mail/user/add.json"]);
});

test("2. an unchanged preview calls no vendor, whatever the order of the forwards", async () => {
  stack.writeProgram(
    program({
      email: "ada@customer.example",
      lastName: "Lovelace",
      forwards: ["a@x.example", "b@x.example", "a@x.example"],
    }),
  );
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  expect(preview.result.changeSummary).toEqual({ same: 3 });
  expect(calls()).toEqual([]);
});

test("3. new forwards and a new last name update in place", async () => {
  stack.writeProgram(
    program({ email: "ada@customer.example", lastName: "Byron", forwards: ["a@x.example", "c@x.example"] }),
  );
  const preview = await stack.run("preview");
  expect(preview.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/")).map((s) => s.op)).toEqual([
    "update",
    "update",
  ]);
  sandbox.requestLog.clear();
  const up = await stack.run("up");
  expect(up.result.summary?.resourceChanges).toEqual({ same: 1, update: 2 });
  // The forwards to add and delete are taken from the live list (one search), not from state.
  expect(calls().sort()).toEqual([
    "GET mail/users/search.json",
    "POST mail/user/add-admin-forwards.json",
    "POST mail/user/delete-admin-forwards.json",
    "POST mail/user/modify.json",
  ]);
});

test("4. an email change is a replacement, shown in preview, deleting the old mailbox first", async () => {
  stack.writeProgram(
    program({
      email: "ada.byron@customer.example",
      lastName: "Byron",
      forwards: ["a@x.example", "c@x.example"],
    }),
  );
  const preview = await stack.run("preview");
  const ops = preview.steps.filter((s) => s.type === USER).map((s) => s.op);
  expect(ops).toEqual(["delete-replaced", "replace", "create-replacement"]);
  expect(preview.steps.find((s) => s.op === "replace")?.keys).toEqual(["email"]);
  const up = await stack.run("up");
  expect(up.result.summary?.resourceChanges).toMatchObject({ replace: 1 });
  expect(stack.resourcesOfType(USER)[0].id).toBe("1001/ada.byron@customer.example");
});

test("5. refresh reads both back and finds no drift", async () => {
  sandbox.requestLog.clear();
  const refresh = await stack.run("refresh");
  expect(refresh.result.summary?.resourceChanges).toEqual({ same: 3 });
  expect(calls()).toEqual(["GET mail/users/search.json", "GET mail/users/search.json"]);
});

test("6. destroy deletes both, and no secret reached state or output", async () => {
  const destroy = await stack.run("destroy");
  expect(destroy.result.summary?.result).toBe("succeeded");
  for (const secret of [DEFAULT_RESELLERCLUB_API_KEY, PASSWORD]) {
    expect(stack.stateText()).not.toContain(secret);
    expect(stack.transcript).not.toContain(secret);
  }
});
