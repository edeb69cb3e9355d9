/**
 * outmail.Service through the real Pulumi CLI and engine, against the sandbox over loopback:
 * create → unchanged preview makes zero vendor calls → regrade shown as an update, not a replacement →
 * drift found by refresh → adoption of a service created outside Pulumi → a regrade refused for credits
 * leaves state intact → destroy. Then the checkpoint itself: small, portable, credential-free `__provider`
 * and no secret in plain text.
 */
import axios from "axios";
import * as os from "node:os";

import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, repoRoot } from "../harness/engine-stack";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/outmail:Service";
const PASSWORD = "relay-password-7f3a9c";
const ADOPTED_PASSWORD = "adopted-password-51d0e2";

let sandbox: Sandbox;
let stack: EngineStack;
// Shared by the steps below, which run in order against one stack.
let liveServiceId: string;
let adoptedId: string;
const adoptArgs = () => ({ liveServiceId: adoptedId, username: "legacy-relay" });

function program(opts: {
  tariff: string;
  username?: string;
  clientId?: string;
  adopt?: { liveServiceId: string; username: string };
}): string {
  const adopted = opts.adopt
    ? `
export const adopted = new outmail.Service("legacy-relay", {
  clientId: "987606",
  serviceName: "Outmail250",
  username: "${opts.adopt.username}",
  password: pulumi.secret("${ADOPTED_PASSWORD}"),
  adopt: "${opts.adopt.liveServiceId}",
}).liveServiceId;`
    : "";
  return `
import * as pulumi from "@pulumi/pulumi";
import { outmail } from "pulumi-mailreseller";

const relay = new outmail.Service("relay", {
  clientId: "${opts.clientId ?? "9987606"}",
  serviceName: "${opts.tariff}",
  username: "${opts.username ?? "engine-relay"}",
  password: new pulumi.Config().requireSecret("relayPassword"),
  billingServiceId: "1324578",
});
export const liveServiceId = relay.liveServiceId;
${adopted}
`;
}

const partner = () =>
  axios.create({
    baseURL: `${sandbox.url}/partner/api-v1`,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
    validateStatus: () => true,
  });

async function vendorRequests(): Promise<{ method: string; path: string }[]> {
  const res = await axios.get<{ requests: { vendor: string; method: string; path: string }[] }>(
    `${sandbox.url}/__sandbox/requests`,
  );
  return res.data.requests.filter((r) => r.vendor === "partner");
}
async function clearRequests(): Promise<void> {
  await axios.delete(`${sandbox.url}/__sandbox/requests`);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  stack = new EngineStack({
    name: "outmail",
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:relayPassword": { value: PASSWORD, secret: true },
    },
  });
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("1. up creates the service with one write (check reads the tariff list once, for the policy pack)", async () => {
  stack.writeProgram(program({ tariff: "Outmail500" }));
  await clearRequests();
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.result).toBe("succeeded");
  expect(await vendorRequests()).toEqual([
    expect.objectContaining({ method: "GET", path: "/partner/api-v1/live_services/service_names" }),
    expect.objectContaining({ method: "POST", path: "/partner/api-v1/outmails" }),
  ]);
  const [created] = stack.resourcesOfType(TYPE);
  liveServiceId = created.id!;
  expect(created.outputs).toMatchObject({ serviceName: "Outmail500", liveServiceId, clientId: "9987606" });
});

test("2. An unchanged preview changes nothing and calls no vendor", async () => {
  await clearRequests();
  const unchanged = await stack.run("preview");
  expect(unchanged.result.changeSummary).toEqual({ same: 2 });
  expect(await vendorRequests()).toEqual([]);
});

test("3. A tariff change previews as an in-place update (a regrade), reading only the tariff list", async () => {
  stack.writeProgram(program({ tariff: "Outmail1000" }));
  await clearRequests();
  const regradePreview = await stack.run("preview");
  const step = regradePreview.steps.find((s) => s.type === TYPE)!;
  expect(step.op).toBe("update");
  expect(step.old?.inputs?.serviceName).toBe("Outmail500");
  expect(step.new?.inputs?.serviceName).toBe("Outmail1000");
  // The dynamic-provider host forwards no changed keys, so the CLI's `[diff: …]` is the inputs that differ
  // between the step's old and new inputs: what the user changed, plus the one nested policy-facts input.
  const keys = new Set([...Object.keys(step.old?.inputs ?? {}), ...Object.keys(step.new?.inputs ?? {})]);
  const shown = [...keys].filter(
    (k) =>
      k !== "__provider" && JSON.stringify(step.old?.inputs?.[k]) !== JSON.stringify(step.new?.inputs?.[k]),
  );
  expect(shown.sort()).toEqual(["policyFacts", "serviceName"]);
  // check orders the tariffs by credit cost for the policy pack (one read per process, never a write).
  expect((step.new?.inputs?.policyFacts as Record<string, unknown>).transition).toEqual({
    property: "serviceName",
    from: "Outmail500",
    to: "Outmail1000",
    direction: "up",
    basis: "credits",
    fromRank: 10,
    toRank: 20,
  });
  expect((await vendorRequests()).map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /partner/api-v1/live_services/service_names",
  ]);
});

test("4. up regrades the same live service: read it, check credits, PATCH", async () => {
  const creditsBefore = sandbox.partner.partnerCredits;
  await clearRequests();
  const regrade = await stack.run("up");
  expect(regrade.result.summary?.resourceChanges).toEqual({ same: 1, update: 1 });
  expect((await vendorRequests()).map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /partner/api-v1/live_services/service_names", // check, in the up's own provider process
    `GET /partner/api-v1/live_services/${liveServiceId}`,
    "GET /partner/api-v1/live_services/service_names",
    `PATCH /partner/api-v1/live_services/${liveServiceId}`,
  ]);
  expect(stack.resourcesOfType(TYPE)[0].id).toBe(liveServiceId);
  expect(sandbox.partner.partnerCredits).toBe(creditsBefore - 10); // Outmail500 (10) → Outmail1000 (20)
});

test("5. Drift: the tier is changed in the portal; refresh reads it back with one call", async () => {
  const portal = await partner().patch(`/live_services/${liveServiceId}`, {
    tariff_service_name: "Outmail2500",
  });
  expect(portal.status).toBe(200);
  await clearRequests();
  const refresh = await stack.run("refresh");
  expect(refresh.result.summary?.result).toBe("succeeded");
  expect(refresh.result.summary?.resourceChanges).toMatchObject({ update: 1 });
  expect((await vendorRequests()).map((r) => r.method)).toEqual(["GET"]);
  expect(stack.resourcesOfType(TYPE)[0].outputs).toMatchObject({ serviceName: "Outmail2500" });
  // The program still says Outmail1000: the next preview proposes to regrade back.
  const afterDrift = await stack.run("preview");
  expect(afterDrift.steps.find((s) => s.type === TYPE)).toMatchObject({
    op: "update",
    old: { inputs: { serviceName: "Outmail2500" } },
    new: { inputs: { serviceName: "Outmail1000" } },
  });
});

test("6. Adoption of a service created outside Pulumi: no create call, then an unchanged preview", async () => {
  const outside = await partner().post("/outmails", {
    service_name: "Outmail250",
    client_id: "987606",
    username: "legacy-relay",
    password: ADOPTED_PASSWORD,
  });
  expect(outside.status).toBe(201);
  adoptedId = String(outside.data.data.live_service_id);
  stack.writeProgram(
    program({ tariff: "Outmail2500", adopt: { liveServiceId: adoptedId, username: "legacy-relay" } }),
  );
  await clearRequests();
  const adopt = await stack.run("up");
  expect(adopt.result.error).toBeUndefined();
  expect(adopt.result.summary?.resourceChanges).toEqual({ same: 2, create: 1 });
  expect((await vendorRequests()).filter((r) => r.method !== "GET")).toEqual([]);
  expect(
    stack
      .resourcesOfType(TYPE)
      .map((r) => r.id)
      .sort(),
  ).toEqual([adoptedId, liveServiceId].sort());
  await clearRequests();
  const afterAdopt = await stack.run("preview");
  expect(afterAdopt.result.changeSummary).toEqual({ same: 3 });
  expect(await vendorRequests()).toEqual([]);
});

test("7. A regrade the partner cannot pay for: a clear error, nothing charged, state intact", async () => {
  await axios.post(`${sandbox.url}/__sandbox/partner/credits`, { credits: 3 });
  stack.writeProgram(
    program({ tariff: "Outmail5000", adopt: { liveServiceId: adoptedId, username: "legacy-relay" } }),
  );
  const refused = await stack.run("up");
  expect(refused.code).not.toBe(0);
  const refusal = refused.diagnostics.map((d) => d.message).join("\n");
  expect(refusal).toContain(
    `Could not regrade outMail live service ${liveServiceId} from Outmail2500 to Outmail5000`,
  );
  expect(refusal).toContain("costs 35 partner credits and the balance is 3 (short by 32)");
  expect(sandbox.partner.partnerCredits).toBe(3);
  expect(stack.resourcesOfType(TYPE).find((r) => r.id === liveServiceId)?.outputs).toMatchObject({
    serviceName: "Outmail2500",
  });
});

test("8. The checkpoint: __provider is a short, portable require and no secret is stored in plain text", async () => {
  const state = stack.stateText();
  for (const resource of stack.resourcesOfType(TYPE)) {
    const provider = String(resource.outputs?.__provider);
    expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(512);
    expect(provider).toContain('require("pulumi-mailreseller/bin/shims/outmail-service.js")');
    for (const machinePath of [repoRoot, os.homedir(), os.tmpdir(), stack.dir])
      expect(provider).not.toContain(machinePath);
  }
  for (const secret of [PASSWORD, ADOPTED_PASSWORD, DEFAULT_PARTNER_API_KEY])
    expect(state).not.toContain(secret);
  const encoded = Buffer.from(`${DEFAULT_PARTNER_ID}:${DEFAULT_PARTNER_API_KEY}`).toString("base64");
  expect(state).not.toContain(encoded);
  expect(stack.transcript).not.toContain(DEFAULT_PARTNER_API_KEY);
  expect(stack.transcript).not.toContain(PASSWORD);
});

test("9. A username change replaces the service: preview says so, up creates the new one, then deletes the old", async () => {
  await axios.post(`${sandbox.url}/__sandbox/partner/credits`, { credits: 1000 });
  stack.writeProgram(program({ tariff: "Outmail2500", username: "engine-relay-2", adopt: adoptArgs() }));
  const replacePreview = await stack.run("preview");
  const replaceOps = replacePreview.steps
    .filter((s) => s.type === TYPE && s.urn.endsWith("::relay"))
    .map((s) => s.op);
  expect(replaceOps).toEqual(["create-replacement", "replace", "delete-replaced"]);
  expect(replacePreview.steps.find((s) => s.op === "replace")?.keys).toEqual(["username"]);
  const replaced = await stack.run("up");
  expect(replaced.result.summary?.resourceChanges).toMatchObject({ replace: 1 });
  const newId = stack.resourcesOfType(TYPE).find((r) => r.urn.endsWith("::relay"))!.id!;
  expect(newId).not.toBe(liveServiceId);
  expect((await partner().get(`/live_services/${liveServiceId}`)).status).toBe(404);
});

test("10. A client change keeps the username, so the old service must go first (delete-before-replace)", async () => {
  stack.writeProgram(
    program({ tariff: "Outmail2500", username: "engine-relay-2", clientId: "987606", adopt: adoptArgs() }),
  );
  const dbrPreview = await stack.run("preview");
  const dbrOps = dbrPreview.steps
    .filter((s) => s.type === TYPE && s.urn.endsWith("::relay"))
    .map((s) => s.op);
  expect(dbrOps).toEqual(["delete-replaced", "replace", "create-replacement"]);
  expect(dbrPreview.steps.find((s) => s.op === "replace")?.keys).toEqual(["clientId"]);
  const dbr = await stack.run("up");
  expect(dbr.result.error).toBeUndefined();
  expect(stack.resourcesOfType(TYPE).find((r) => r.urn.endsWith("::relay"))?.outputs).toMatchObject({
    clientId: "987606",
    username: "engine-relay-2",
  });
});

test("11. Destroy removes both live services", async () => {
  await clearRequests();
  const destroy = await stack.run("destroy");
  expect(destroy.result.summary?.result).toBe("succeeded");
  expect((await vendorRequests()).filter((r) => r.method === "DELETE")).toHaveLength(2);
  // Only outMail ones: the services bought in the portal (seeded) are not the stack's.
  expect(sandbox.partner.snapshot().live_services.filter((s) => s.product === "outMail")).toEqual([]);
});
