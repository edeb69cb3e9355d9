/**
 * The drift report through the real CLI: a stack deployed against the sandbox, drift made through the
 * sandbox's admin API as a vendor's portal would make it (an outMail tier changed, a ResellerClub mailbox
 * deleted, a MailUp pack quantity changed), then `pulumi preview --refresh --json` (the real CLI's event
 * stream) read by the installed package's `pulumi-mailreseller drift-report`: each drift is listed with
 * what the next `up` would do, nothing untouched is, the exit code says drift, and nothing was written to
 * the state or to a vendor.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import axios from "axios";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, installedCommand } from "../harness/engine-stack";

jest.setTimeout(900_000);

const installedCli = installedCommand();

let sandbox: Sandbox;
let stack: EngineStack;

const vendorWrites = () => sandbox.requests.filter((r) => r.method !== "GET" && !r.path.includes("/Token"));

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { mailup, outmail, resellerclub } from "pulumi-mailreseller";
const config = new pulumi.Config();
new outmail.Service("relay", {
  clientId: "9987606",
  serviceName: "Outmail1000",
  username: "drift-relay",
  password: config.requireSecret("password"),
});
new resellerclub.MailUser("office", {
  orderId: "1001",
  email: "office@customer.example",
  password: config.requireSecret("password"),
  notificationEmail: "it@customer-parent.example",
  firstName: "Office",
  lastName: "Mailbox",
  countryCode: "GB",
  languageCode: "en",
});
new resellerclub.MailUser("untouched", {
  orderId: "1001",
  email: "untouched@customer.example",
  password: config.requireSecret("password"),
  notificationEmail: "it@customer-parent.example",
  firstName: "Left",
  lastName: "Alone",
  countryCode: "GB",
  languageCode: "en",
});
const console_ = new mailup.Account("console", {
  profile: "Economy",
  language: "EN",
  ipAddress: "192.0.2.10",
  email: "marketing@customer.example",
  customDomain: "customer.example",
  customSubdomain: "news",
  serviceName: "Newsletters",
  serviceUrl: "www.customer.example/news",
  serviceLogoutUrl: "www.customer.example",
});
new mailup.AccountPack("credits", { accountId: console_.accountId, pack: "Crediti300", quantity: 4 });
`;

/** `pulumi preview --refresh --json` through the real CLI, then the installed drift-report on its events. */
async function driftReport(): Promise<{ code: number; report: string }> {
  sandbox.requestLog.clear();
  const before = stack.stateText();
  const preview = await stack.run("preview", ["--json", "--cli-arg=--refresh"]);
  expect(preview.result.cliExitCode).toBe(0);
  expect(vendorWrites()).toEqual([]);
  expect(stack.stateText()).toBe(before);
  const eventsFile = path.join(stack.dir, `preview-refresh-${Date.now()}.jsonl`);
  fs.writeFileSync(eventsFile, preview.result.events.map((e) => JSON.stringify(e)).join("\n"));
  const out = path.join(stack.dir, `drift-${Date.now()}.md`);
  const { code, stdout } = await stack.command(process.execPath, [
    installedCli,
    "drift-report",
    "--from",
    eventsFile,
    "--stack",
    stack.stack,
    "--out",
    out,
  ]);
  expect(fs.readFileSync(out, "utf8")).toBe(stdout);
  return { code, report: stdout };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0 });
  stack = new EngineStack({
    name: "drift",
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:password": { value: "drift-password-1", secret: true },
    },
  });
  stack.writeProgram(PROGRAM);
  const up = await stack.run("up");
  if (up.result.error) throw new Error(up.result.error);
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("a stack that matches its vendors reports no drift and exits 0", async () => {
  const { code, report } = await driftReport();
  expect(report).toContain("## Drift report for drift: ✅ no drift");
  expect(code).toBe(0);
});

test("a tier changed, a mailbox deleted and a pack quantity changed at the vendors are each reported", async () => {
  const outputs = (type: string) => stack.resourcesOfType(`pulumi-nodejs:dynamic/${type}`)[0].outputs ?? {};
  const liveServiceId = String(outputs("outmail:Service").liveServiceId);
  const { accountId, packId } = outputs("mailup:AccountPack") as { accountId: string; packId: string };
  await axios.patch(`${sandbox.url}/__sandbox/partner/live_services/${liveServiceId}`, {
    tariff_service_name: "Outmail2500",
  });
  await axios.delete(`${sandbox.url}/__sandbox/resellerclub/mail-users/1001/office@customer.example`);
  await axios.put(`${sandbox.url}/__sandbox/mailup/accounts/${accountId}/packs/${packId}`, { quantity: 6 });

  const { code, report } = await driftReport();
  expect(code).toBe(1);
  expect(report).toContain("## Drift report for drift: ❌ 3 resources drifted");
  expect(report).toContain(
    '| relay | outmail:Service | `serviceName`: "Outmail1000" → "Outmail2500" | **revert** the vendor\'s change to the program\'s value |',
  );
  expect(report).toContain(
    "| office | resellerclub:MailUser | deleted outside Pulumi | **recreate** it (a new object at the vendor, billed again) |",
  );
  expect(report).toMatch(/\| credits \| mailup:AccountPack \| [^|]*`quantity`: 4 → 6[^|]*\| \*\*revert\*\*/);
  expect(report).not.toContain("untouched");
  expect(report).not.toContain("| console |");
  expect(report).not.toContain("drift-password-1");
});
