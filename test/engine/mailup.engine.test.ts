/**
 * mailup.Account and two mailup.AccountPacks through the real Pulumi CLI and engine, against the sandbox:
 * up (asynchronous activation) → unchanged preview makes zero vendor calls → raise one pack and switch
 * the profile in place → refresh finds no drift → destroy.
 */
import { nameOfUrn } from "../../provider/core/protocol/urn";
import {
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_PASSWORD,
  Sandbox,
  startSandbox,
} from "../../sandbox/server";
import { EngineStack } from "../harness/engine-stack";

jest.setTimeout(600_000);

const ACCOUNT = "pulumi-nodejs:dynamic/mailup:Account";
const PACK = "pulumi-nodejs:dynamic/mailup:AccountPack";

let sandbox: Sandbox;
let stack: EngineStack;

function program(opts: { profile: string; credits: number }): string {
  return `
import { mailup } from "pulumi-mailreseller";

const console = new mailup.Account("console", {
  profile: "${opts.profile}",
  language: "EN",
  ipAddress: "192.168.0.1",
  email: "service@retailer.example",
  customDomain: "power-email-marketing.example",
  customSubdomain: "engine123",
  serviceName: "Power email marketing",
  serviceUrl: "www.power-email-marketing.example/info",
  serviceLogoutUrl: "www.power-email-marketing.example",
});
new mailup.AccountPack("credits", { accountId: console.accountId, pack: "Crediti300", quantity: ${opts.credits} });
new mailup.AccountPack("speed", { accountId: console.accountId, pack: "VelocitaAggiuntiva300", quantity: 1 });
export const accountId = console.accountId;
export const linkTrackingDomain = console.linkTrackingDomain;
`;
}

const mailupCalls = () =>
  sandbox.requests.filter((r) => r.vendor === "mailup").map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 2 });
  stack = new EngineStack({
    name: "mailup",
    sandboxUrl: sandbox.url,
  });
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("1. up activates the account and adds two packs", async () => {
  stack.writeProgram(program({ profile: "Economy", credits: 3 }));
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toEqual({ create: 4 });
  const [account] = stack.resourcesOfType(ACCOUNT);
  expect(account.outputs).toMatchObject({ profileName: "Economy", status: "Enabled" });
  expect(up.result.outputs?.linkTrackingDomain.value).toBe("engine123.t.power-email-marketing.example");
  const live = sandbox.mailup.snapshot();
  expect(JSON.stringify(live)).toContain('"Quantity":3');
  expect(
    mailupCalls().filter((c) => c.startsWith("POST") && c.includes("/Account/Activation/")),
  ).toHaveLength(1);
});

test("2. an unchanged preview calls no vendor", async () => {
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  expect(preview.result.changeSummary).toEqual({ same: 4 });
  expect(mailupCalls()).toEqual([]);
});

test("3. raising a pack and switching the profile are in-place updates", async () => {
  stack.writeProgram(program({ profile: "Premium", credits: 10 }));
  const preview = await stack.run("preview");
  const ops = Object.fromEntries(preview.steps.map((s) => [nameOfUrn(s.urn), s.op]));
  // The account's id is not known during the preview of its update, so its packs show as pending
  // updates; `up` diffs again with the real id and leaves the unchanged pack alone.
  expect(ops).toMatchObject({ console: "update", credits: "update", speed: "update" });
  sandbox.requestLog.clear();
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toEqual({ same: 2, update: 2 });
  expect(stack.resourcesOfType(ACCOUNT)[0].outputs).toMatchObject({
    profileId: "1048",
    profileName: "Premium",
  });
  const credits = stack.resourcesOfType(PACK).find((r) => r.urn.endsWith("::credits"));
  expect(credits?.outputs).toMatchObject({ quantity: 10, currentQuantity: 10 });
  const puts = sandbox.requests
    .filter((r) => r.vendor === "mailup" && r.method === "PUT")
    .map((r) => r.status);
  expect(puts).toEqual([202, 202, 200]);
  expect(mailupCalls().filter((c) => c.includes("/Pack/") && c.startsWith("POST"))).toHaveLength(1);
});

test("4. refresh reads each resource back and finds no drift", async () => {
  sandbox.requestLog.clear();
  const refresh = await stack.run("refresh");
  expect(refresh.result.summary?.result).toBe("succeeded");
  expect(refresh.result.summary?.resourceChanges).toEqual({ same: 4 });
  const preview = await stack.run("preview");
  expect(preview.result.changeSummary).toEqual({ same: 4 });
});

test("5. destroy removes the packs and the account", async () => {
  const destroy = await stack.run("destroy");
  expect(destroy.result.summary?.result).toBe("succeeded");
  expect(sandbox.mailup.snapshot().accounts).toEqual([]);
  for (const secret of [DEFAULT_MAILUP_CLIENT_SECRET, DEFAULT_MAILUP_PASSWORD]) {
    expect(stack.stateText()).not.toContain(secret);
    expect(stack.transcript).not.toContain(secret);
  }
});

test("6. an activation that outlives its timeout is recorded, and the next up resumes it without a second activation", async () => {
  const slow = program({ profile: "Economy", credits: 3 }).replace(
    'serviceLogoutUrl: "www.power-email-marketing.example",',
    'serviceLogoutUrl: "www.power-email-marketing.example",\n  activationTimeoutSeconds: 1,',
  );
  stack.writeProgram(slow);
  sandbox.faults.add({
    vendor: "mailup",
    method: "GET",
    path: "/Account/Activation/",
    kind: "latency",
    latencyMs: 1500,
  });
  sandbox.requestLog.clear();
  const first = await stack.run("up");
  expect(first.code).not.toBe(0);
  expect(first.diagnostics.map((d) => d.message).join("\n")).toContain(
    "resumes waiting for it instead of activating another account",
  );
  const [unfinished] = stack.resourcesOfType(ACCOUNT);
  expect(unfinished.outputs?.activationId).toBe(unfinished.id);
  expect(unfinished.outputs?.accountId).toBeUndefined();

  const second = await stack.run("up");
  expect(second.result.error).toBeUndefined();
  expect(stack.resourcesOfType(ACCOUNT)[0].outputs?.accountId).toMatch(/^\d+$/);
  const activations = mailupCalls().filter((c) => c.startsWith("POST") && c.includes("/Account/Activation/"));
  expect(activations).toHaveLength(1);
  expect(sandbox.mailup.snapshot().accounts).toHaveLength(1);
  expect((await stack.run("destroy")).result.summary?.result).toBe("succeeded");
});
