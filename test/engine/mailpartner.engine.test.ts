/**
 * mailpartner.Subaccount through the real Pulumi CLI and engine: up creates a simple and an advanced
 * sub-account (credit charged once) → an unchanged preview makes zero calls → a changed creditToAttribute
 * moves no money and warns → a type change is a replacement, shown in preview, leaving the old one at
 * MailPartner with a warning → refresh → destroy makes no call and warns for each. The API key and the
 * tokens never reach state (tokens are secret outputs) or output.
 */
import axios from "axios";

import { DEFAULT_MAILPARTNER_API_KEY, MAILPARTNER_PREFIX, Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, RunResult } from "../harness/engine-stack";

jest.setTimeout(600_000);

const SUBACCOUNT = "pulumi-nodejs:dynamic/mailpartner:Subaccount";
const BALANCE = 100;

let sandbox: Sandbox;
let stack: EngineStack;

interface ProgramOptions {
  /** The first sub-account: simple without an address, or advanced with one (the type change). */
  first: { type: "simple" } | { type: "advanced"; email: string };
  shopCredit: number;
  shopTitle: string;
}

function program(opts: ProgramOptions): string {
  const first =
    opts.first.type === "simple"
      ? `{ type: "simple", allowWithoutEmail: true, creditToAttribute: 5, title: "Newsletter" }`
      : `{ type: "advanced", email: "${opts.first.email}", isBuyer: false, creditToAttribute: 5, title: "Newsletter" }`;
  return `
import { mailpartner } from "pulumi-mailreseller";

const newsletter = new mailpartner.Subaccount("newsletter", ${first});
const shop = new mailpartner.Subaccount("shop", {
  type: "advanced",
  email: "shop@customer.example",
  isBuyer: true,
  creditToAttribute: ${opts.shopCredit},
  title: "${opts.shopTitle}",
  firstName: "Camille",
  lastName: "Durand",
});
export const newsletterEmail = newsletter.email;
export const shopToken = shop.token;
`;
}

const calls = () =>
  sandbox.requests
    .filter((r) => r.vendor === "mailpartner")
    .map((r) => `${r.method} ${r.path.replace(`${MAILPARTNER_PREFIX}/`, "")}`);

const warnings = (run: RunResult) =>
  run.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);

const liveEmails = () =>
  sandbox.mailpartner
    .subaccounts()
    .map((s) => s.email)
    .sort();

/**
 * The secrets MailPartner's list hands out, tokens and each sub-account's own API key: none may appear
 * in state or output.
 */
async function liveTokens(): Promise<string[]> {
  const res = await axios.get<{ data: { token: string; apiKey: string }[] }>(
    `${sandbox.url}${MAILPARTNER_PREFIX}/subaccount/list`,
    { params: { apiKey: DEFAULT_MAILPARTNER_API_KEY, page: 1 } },
  );
  return res.data.data.flatMap((s) => [s.token, s.apiKey]);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailpartnerBalance: BALANCE });
  stack = new EngineStack({
    name: "mailpartner",
    sandboxUrl: sandbox.url,
  });
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("1. up creates both types, one call each, charging the parent once; the token is a secret output", async () => {
  stack.writeProgram(program({ first: { type: "simple" }, shopCredit: 10, shopTitle: "Shop" }));
  sandbox.requestLog.clear();
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toEqual({ create: 3 });
  expect(calls()).toEqual(["POST subaccount/create", "POST subaccount/create"]);
  expect(sandbox.mailpartner.balance).toBe(BALANCE - 15);

  const [simple] = stack.resourcesOfType(SUBACCOUNT).filter((r) => r.urn.endsWith("::newsletter"));
  expect(simple.outputs).toMatchObject({ type: "simple", emailGenerated: true, creditAttributed: 5 });
  expect(simple.id).toBe(simple.outputs?.email);
  expect(up.result.outputs?.newsletterEmail.value).toBe(simple.id);
  expect(up.result.outputs?.shopToken.secret).toBe(true);
  expect(liveEmails()).toEqual([simple.id, "shop@customer.example"].sort());
});

test("2. an unchanged preview calls no vendor", async () => {
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  expect(preview.result.changeSummary).toEqual({ same: 3 });
  expect(calls()).toEqual([]);
});

test("3. a changed creditToAttribute or title moves no money and replaces nothing, and warns until reverted", async () => {
  stack.writeProgram(program({ first: { type: "simple" }, shopCredit: 25, shopTitle: "Shop & Co" }));
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  expect(preview.result.changeSummary).toEqual({ same: 3 });
  const warned = warnings(preview).join("\n");
  expect(warned).toContain("mailpartner.Subaccount shop@customer.example: the program changes");
  expect(warned).toContain("creditToAttribute: 10 → 25");
  expect(warned).toContain("no money moves");

  const up = await stack.run("up");
  expect(up.result.summary?.resourceChanges).toEqual({ same: 3 });
  expect(warnings(up).join("\n")).toContain("creditToAttribute: 10 → 25");
  expect(calls()).toEqual([]);
  expect(sandbox.mailpartner.balance).toBe(BALANCE - 15);
  const [shop] = stack.resourcesOfType(SUBACCOUNT).filter((r) => r.urn.endsWith("::shop"));
  expect(shop.outputs).toMatchObject({ creditAttributed: 10, creditToAttribute: 10, title: "Shop" });

  // The change was not applied, so it is not forgotten: the next preview warns again...
  expect(warnings(await stack.run("preview")).join("\n")).toContain("creditToAttribute: 10 → 25");
  // ...until the program says again what the sub-account has.
  stack.writeProgram(program({ first: { type: "simple" }, shopCredit: 10, shopTitle: "Shop" }));
  expect(warnings(await stack.run("preview"))).toEqual([]);
});

test("4. a type change is a replacement, shown in preview; the old sub-account stays at MailPartner, with a warning", async () => {
  const before = stack.resourcesOfType(SUBACCOUNT).find((r) => r.urn.endsWith("::newsletter"))!;
  stack.writeProgram(
    program({
      first: { type: "advanced", email: "news@customer.example" },
      shopCredit: 10,
      shopTitle: "Shop",
    }),
  );
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  const newsletter = preview.steps.filter((s) => s.urn.endsWith("::newsletter"));
  expect(newsletter.map((s) => s.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
  expect(newsletter[0].keys).toEqual(expect.arrayContaining(["type"]));
  expect(calls()).toEqual([]);

  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toMatchObject({ replace: 1, same: 2 });
  expect(calls()).toEqual(["POST subaccount/create"]);
  expect(sandbox.mailpartner.balance).toBe(BALANCE - 20);
  expect(warnings(up).join("\n")).toContain(
    `mailpartner.Subaccount ${before.id} was removed from the Pulumi state, but it still exists at MailPartner`,
  );
  expect(liveEmails()).toEqual([before.id!, "news@customer.example", "shop@customer.example"].sort());
});

test("5. refresh reads the list and finds no drift; no token is in state", async () => {
  sandbox.requestLog.clear();
  const refresh = await stack.run("refresh");
  expect(refresh.result.summary?.resourceChanges).toEqual({ same: 3 });
  expect(calls().every((c) => c === "GET subaccount/list")).toBe(true);
  expect(calls()).toHaveLength(2);
  expect(warnings(await stack.run("preview"))).toEqual([]);

  const tokens = await liveTokens();
  expect(tokens).toHaveLength(6); // three tokens, three sub-account API keys
  for (const secret of [DEFAULT_MAILPARTNER_API_KEY, ...tokens])
    expect(stack.stateText()).not.toContain(secret);
});

test("6. destroy makes no call, warns that each sub-account still exists, and nothing secret leaked", async () => {
  const tokens = await liveTokens();
  sandbox.requestLog.clear();
  const destroy = await stack.run("destroy");
  expect(destroy.result.summary?.resourceChanges).toEqual({ delete: 3 });
  expect(calls()).toEqual([]);
  const warned = warnings(destroy).join("\n");
  expect(warned).toContain("news@customer.example was removed from the Pulumi state");
  expect(warned).toContain("shop@customer.example was removed from the Pulumi state");
  expect(warned).toContain('adopt: "shop@customer.example"');
  expect(liveEmails()).toHaveLength(3);
  expect(stack.resourcesOfType(SUBACCOUNT)).toEqual([]);

  for (const secret of [DEFAULT_MAILPARTNER_API_KEY, ...tokens])
    expect(stack.transcript).not.toContain(secret);
});
