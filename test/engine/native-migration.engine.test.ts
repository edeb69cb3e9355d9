/**
 * From the dynamic types to the native ones with zero vendor writes: a stack of every resource type,
 * deployed with the TypeScript classes, then the same program declaring the native provider's types with
 * an alias to each dynamic type token. The engine keeps every resource (Pulumi 3.276
 * pkg/resource/deploy/step_generator.go `providerChanged`: when a resource's provider changes, the new
 * provider's DiffConfig decides, and ours never asks for a replacement; then the new provider's Diff
 * compares the recorded state with the new inputs, as for any resource), so the move is one `up` of
 * "same" steps. Through the real CLI and a file backend; each step prints its vendor calls.
 */
import * as path from "node:path";

import { DEFAULT_PARTNER_API_KEY, Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, repoRoot } from "../harness/engine-stack";
import { step } from "../harness/vendor-calls";

jest.setTimeout(600_000);

const RELAY_PASSWORD = "migration-relay-passw0rd";
const MAILBOX_PASSWORD = "migration-mailbox-Passw0rd!";

let sandbox: Sandbox;
let stack: EngineStack;

/** The arguments of each resource, one of every type, shared by both programs. */
const ARGS = `
const config = new pulumi.Config();
const args = {
  relay: { clientId: "9987606", serviceName: "Outmail500", username: "migration-relay", password: config.requireSecret("relayPassword") },
  backupMx: { liveServiceId: "1234801", product: "backupMX", serviceName: "BackupMX1", clientId: "9987606" },
  console: {
    profile: "Economy", language: "EN", ipAddress: "192.0.2.10", email: "marketing@migration.example",
    customDomain: "migration.example", customSubdomain: "news", serviceName: "Customer newsletters",
    serviceUrl: "www.migration.example/newsletters", serviceLogoutUrl: "www.migration.example",
  },
  mailbox: {
    orderId: "1001", email: "office@customer.example", password: config.requireSecret("mailboxPassword"),
    notificationEmail: "it@customer-parent.example", firstName: "Office", lastName: "Mailbox", countryCode: "GB", languageCode: "en",
  },
  salesForward: { orderId: "1001", email: "sales@customer.example", forwards: ["office@customer.example"] },
  shop: { type: "advanced", email: "shop@migration.example", isBuyer: false, creditToAttribute: 10, title: "Customer shop", firstName: "Office", lastName: "Mailbox" },
};
`;

const DYNAMIC_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { mailpartner, mailup, outmail, partner, resellerclub } from "pulumi-mailreseller";
${ARGS}
const relay = new outmail.Service("relay", args.relay);
new partner.LiveService("backup-mx", args.backupMx);
const console = new mailup.Account("console", args.console);
new mailup.AccountPack("credits", { accountId: console.accountId, pack: "Crediti300", quantity: 2 });
new resellerclub.MailUser("mailbox", args.mailbox);
new resellerclub.ForwardOnlyAccount("sales-forward", args.salesForward);
new mailpartner.Subaccount("shop", args.shop);
export const liveServiceId = relay.liveServiceId;
export const accountId = console.accountId;
`;

/**
 * The same resources through the native provider: each declared by its native type token with an alias
 * to its dynamic one (what a generated SDK's class does with the same option), and the outputs a program
 * reads declared so the SDK exposes them.
 */
const NATIVE_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
${ARGS}
function native(module: string, type: string, name: string, props: Record<string, unknown>, outputs: string[] = []) {
  return new pulumi.CustomResource(
    \`mailreseller:\${module}:\${type}\`,
    name,
    { ...props, ...Object.fromEntries(outputs.map((o) => [o, undefined])) },
    { aliases: [{ type: \`pulumi-nodejs:dynamic/\${module}:\${type}\` }] },
  ) as pulumi.CustomResource & Record<string, pulumi.Output<string>>;
}
const relay = native("outmail", "Service", "relay", args.relay, ["liveServiceId"]);
native("partner", "LiveService", "backup-mx", args.backupMx);
const console = native("mailup", "Account", "console", args.console, ["accountId"]);
native("mailup", "AccountPack", "credits", { accountId: console.accountId, pack: "Crediti300", quantity: 2 });
native("resellerclub", "MailUser", "mailbox", args.mailbox);
native("resellerclub", "ForwardOnlyAccount", "sales-forward", args.salesForward);
native("mailpartner", "Subaccount", "shop", args.shop);
export const liveServiceId = relay.liveServiceId;
export const accountId = console.accountId;
`;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 2 });
  stack = new EngineStack({
    name: "native-migration",
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:relayPassword": { value: RELAY_PASSWORD, secret: true },
      "engine-test:mailboxPassword": { value: MAILBOX_PASSWORD, secret: true },
    },
    // The engine finds the plugin the way a `pulumi` on PATH does: bin/plugin, built by `npm run build`.
    env: { PATH: `${path.join(repoRoot, "bin", "plugin")}${path.delimiter}${process.env.PATH ?? ""}` },
  });
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("a stack of every type moves from the dynamic types to the native ones with no vendor write", async () => {
  stack.writeProgram(DYNAMIC_PROGRAM);
  const created = await stack.run("up");
  expect(created.result.error).toBeUndefined();
  const before = created.result.outputs;

  stack.writeProgram(NATIVE_PROGRAM);
  const { result: preview, writes: previewWrites } = await step(sandbox, "preview of the move", () =>
    stack.run("preview"),
  );
  expect(preview.result.error).toBeUndefined();
  expect(previewWrites).toEqual([]);
  // Every resource is kept ("same"); only the default providers change: the native one is created, the
  // Node.js dynamic one, which nothing uses any more, deleted (neither calls a vendor).
  const changed = preview.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.type}`);
  expect(changed.sort()).toEqual([
    "create pulumi:providers:mailreseller",
    "delete pulumi:providers:pulumi-nodejs",
  ]);
  expect(preview.steps.filter((s) => s.type.startsWith("mailreseller:") && s.op === "same")).toHaveLength(7);

  const { result: moved, writes } = await step(sandbox, "up: the move", () => stack.run("up"));
  expect(moved.result.error).toBeUndefined();
  expect(writes).toEqual([]);
  expect(moved.result.summary?.resourceChanges).toMatchObject({ same: 8 });
  expect(moved.result.outputs).toEqual(before);
  const types = stack.resources().map((r) => r.type);
  expect(types.filter((t) => t.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
  expect(types.filter((t) => t.startsWith("mailreseller:"))).toHaveLength(7);
  expect(stack.stateText()).not.toContain(DEFAULT_PARTNER_API_KEY);

  const { result: after, calls } = await step(sandbox, "preview after the move", () => stack.run("preview"));
  expect(after.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn}`)).toEqual([]);
  expect(calls).toEqual([]);

  const { result: destroyed, writes: deletes } = await step(
    sandbox,
    "destroy through the native provider",
    () => stack.run("destroy"),
  );
  expect(destroyed.result.error).toBeUndefined();
  expect(deletes.length).toBeGreaterThan(0);
});
