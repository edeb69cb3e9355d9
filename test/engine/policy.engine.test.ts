/**
 * The policy pack as pipelines run it: the real CLI, `pulumi preview --json --policy-pack policy` (and
 * `up`), with its config given by `--policy-pack-config FILE`, on a stack already deployed against the
 * sandbox. For each policy an unsafe change is blocked (non-zero exit, the policy's message in the CLI's
 * JSON event stream, nothing written to a vendor) and a safe one passes; allow-list entries, enforcement
 * levels and each policy's options change the outcome. `preview --json`'s own document has the steps and
 * the failure but leaves policy violations out (Pulumi 3.246), so they are read from the CLI's JSON event
 * log (`--event-log`), the same events `up --json` prints.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, RunResult, policyPackArgument, repoRoot } from "../harness/engine-stack";

jest.setTimeout(900_000);

const POLICY_PACK = policyPackArgument(path.join(repoRoot, "policy"));

interface Shape {
  tier: string;
  profile: string;
  packs: number;
  mailboxEmail: string;
  mailboxLastName: string;
  plainPassword: boolean;
  subaccountType: "simple" | "advanced";
  /** The tariff comes from a resource created in this update: preview does not know it. */
  tierFromNewResource?: boolean;
}

const BASE: Shape = {
  tier: "Outmail1000",
  profile: "Economy",
  packs: 4,
  mailboxEmail: "ada@customer.example",
  mailboxLastName: "Lovelace",
  plainPassword: false,
  subaccountType: "simple",
};

function program(s: Shape): string {
  const subaccount =
    s.subaccountType === "simple"
      ? `{ type: "simple", allowWithoutEmail: true, creditToAttribute: 5 }`
      : `{ type: "advanced", email: "news@customer.example", isBuyer: false, creditToAttribute: 5 }`;
  return `
import * as pulumi from "@pulumi/pulumi";
import { mailpartner, mailup, outmail, resellerclub } from "pulumi-mailreseller";
const config = new pulumi.Config();

${s.tierFromNewResource ? 'const fresh = new mailpartner.Subaccount("fresh", { type: "simple", allowWithoutEmail: true });' : ""}
new outmail.Service("relay", {
  clientId: "9987606",
  serviceName: ${s.tierFromNewResource ? `fresh.email.apply(() => "${s.tier}")` : `"${s.tier}"`},
  username: "policy-relay",
  password: config.requireSecret("relayPassword"),
});
const console_ = new mailup.Account("console", {
  profile: "${s.profile}",
  language: "EN",
  ipAddress: "192.0.2.10",
  email: "marketing@customer.example",
  customDomain: "customer.example",
  customSubdomain: "news",
  serviceName: "Newsletters",
  serviceUrl: "www.customer.example/news",
  serviceLogoutUrl: "www.customer.example",
});
new mailup.AccountPack("credits", { accountId: console_.accountId, pack: "Crediti300", quantity: ${s.packs} });
new resellerclub.MailUser("mailbox", {
  orderId: "1001",
  email: "${s.mailboxEmail}",
  password: ${s.plainPassword ? '"plain-mailbox-password"' : 'config.requireSecret("mailboxPassword")'},
  notificationEmail: "admin@elsewhere.example",
  firstName: "Ada",
  lastName: "${s.mailboxLastName}",
  countryCode: "GB",
  languageCode: "en",
});
new mailpartner.Subaccount("newsletter", ${subaccount});
`;
}

let sandbox: Sandbox;
let stack: EngineStack;
let configCount = 0;

/** Writes a policy pack config file, as users pass it with --policy-pack-config. */
function packConfig(config: Record<string, unknown>): string {
  configCount += 1;
  const file = path.join(stack.dir, `policy-config-${configCount}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

/** `preview --json` (or `up --json`) of `shape` with the policy pack and, optionally, its config. */
async function withPolicy(
  shape: Partial<Shape>,
  config?: Record<string, unknown>,
  op: "preview" | "up" = "preview",
): Promise<RunResult> {
  stack.writeProgram(program({ ...BASE, ...shape }));
  sandbox.requestLog.clear();
  const args = ["--json", "--policy-pack", POLICY_PACK];
  if (config) args.push("--policy-pack-config", packConfig(config));
  return stack.run(op, args);
}

const writes = () => sandbox.requests.filter((r) => r.method !== "GET" && !r.path.includes("/Token"));

function blocked(run: RunResult, policy: string, ...fragments: string[]): void {
  expect(run.result.cliExitCode).not.toBe(0);
  const mine = run.policyViolations.filter((v) => v.policyName === policy);
  expect(mine).not.toHaveLength(0);
  expect(mine[0]).toMatchObject({ policyPackName: "mailreseller", enforcementLevel: "mandatory" });
  for (const f of fragments) expect(mine.map((v) => v.message).join("\n")).toContain(f);
  expect(writes()).toEqual([]);
}

function passed(run: RunResult): void {
  expect(run.policyViolations).toEqual([]);
  expect(run.result.cliExitCode).toBe(0);
}

const today = new Date();
const inDays = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0 });
  stack = new EngineStack({
    name: "policy",
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:relayPassword": { value: "relay-password-1", secret: true },
      "engine-test:mailboxPassword": { value: "mailbox-password-1", secret: true },
    },
  });
  stack.writeProgram(program(BASE));
  const up = await stack.run("up");
  if (up.result.error) throw new Error(up.result.error);
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("the deployed stack passes every policy unchanged", async () => {
  passed(await withPolicy({}));
});

describe("outmail-no-downgrade", () => {
  test("blocks a regrade to a cheaper tariff, in preview and in up, with nothing sent to the vendor", async () => {
    blocked(
      await withPolicy({ tier: "Outmail500" }),
      "outmail-no-downgrade",
      'outmail.Service "relay": regrade Outmail1000 → Outmail500 is a downgrade (20 → 10 credits)',
      '"outmail-no-downgrade".allow',
    );
    const up = await withPolicy({ tier: "Outmail500" }, undefined, "up");
    blocked(up, "outmail-no-downgrade", "Outmail1000 → Outmail500");
    expect(sandbox.partner.snapshot().live_services.filter((s) => s.product === "outMail")).toEqual([
      expect.objectContaining({ tariff_service_name: "Outmail1000" }),
    ]);
  });

  test("passes an upgrade", async () => {
    passed(await withPolicy({ tier: "Outmail2500" }));
  });

  test("fails closed when preview cannot know the new tariff, even for what will be an upgrade", async () => {
    blocked(
      await withPolicy({ tier: "Outmail2500", tierFromNewResource: true }),
      "outmail-no-downgrade",
      'outmail-no-downgrade cannot judge "relay"',
      "is not known during preview",
    );
  });

  test("passes with a valid allow-list entry, and blocks again once it has expired", async () => {
    const allow = (expires: string) => ({
      "outmail-no-downgrade": { allow: [{ name: "relay", expires, reason: "customer asked" }] },
    });
    passed(await withPolicy({ tier: "Outmail500" }, allow(inDays(7))));
    blocked(
      await withPolicy({ tier: "Outmail500" }, allow(inDays(-1))),
      "outmail-no-downgrade",
      `the allow-list entry for it expired on ${inDays(-1)}`,
    );
  });

  test("its enforcement level is configurable: advisory reports without blocking, disabled says nothing", async () => {
    const advisory = await withPolicy({ tier: "Outmail500" }, { "outmail-no-downgrade": "advisory" });
    expect(advisory.result.cliExitCode).toBe(0);
    expect(advisory.policyViolations).toEqual([
      expect.objectContaining({ policyName: "outmail-no-downgrade", enforcementLevel: "advisory" }),
    ]);
    passed(await withPolicy({ tier: "Outmail500" }, { "outmail-no-downgrade": "disabled" }));
  });
});

describe("mailup-no-profile-downgrade", () => {
  test("blocks Economy → Trial and passes Economy → Premium (MailUp's ClientCode order)", async () => {
    blocked(
      await withPolicy({ profile: "Trial" }),
      "mailup-no-profile-downgrade",
      'mailup.Account "console": profile Economy → Trial is a downgrade (by ClientCode)',
    );
    passed(await withPolicy({ profile: "Premium" }));
  });

  test("profileRanking overrides the order", async () => {
    blocked(
      await withPolicy(
        { profile: "Premium" },
        { "mailup-no-profile-downgrade": { profileRanking: ["Premium", "Economy", "Trial"] } },
      ),
      "mailup-no-profile-downgrade",
      "profile Economy → Premium is a downgrade (by configured ranking)",
    );
  });
});

describe("mailup-no-pack-reduction", () => {
  test("blocks a lower quantity and passes a higher one", async () => {
    blocked(
      await withPolicy({ packs: 2 }),
      "mailup-no-pack-reduction",
      'mailup.AccountPack "credits": quantity 4 → 2 reduces the pack',
    );
    passed(await withPolicy({ packs: 6 }));
  });
});

describe("no-destructive-replacement", () => {
  test("blocks a mailbox email change and a sub-account type change; passes an in-place name change", async () => {
    const mailbox = await withPolicy({ mailboxEmail: "ada.byron@customer.example" });
    blocked(
      mailbox,
      "no-destructive-replacement",
      'resellerclub.MailUser "mailbox": changing email replaces it: the mailbox and its mail are deleted',
    );
    blocked(
      await withPolicy({ subaccountType: "advanced" }),
      "no-destructive-replacement",
      'mailpartner.Subaccount "newsletter": changing type, email replaces it',
    );
    passed(await withPolicy({ mailboxLastName: "Byron" }));
  });

  test("its types option leaves out what the operator does not want judged", async () => {
    const onlyMailPartner = {
      "no-destructive-replacement": { types: ["pulumi-nodejs:dynamic/mailpartner:Subaccount"] },
    };
    passed(await withPolicy({ mailboxEmail: "ada.byron@customer.example" }, onlyMailPartner));
  });
});

describe("secrets-must-be-secret", () => {
  test("blocks a password passed as a plain value; the secret one (the base program) passes", async () => {
    blocked(
      await withPolicy({ plainPassword: true }),
      "secrets-must-be-secret",
      'resellerclub.MailUser "mailbox": password is passed as a plain value',
    );
  });

  test("an allow-list entry by URN lets it through", async () => {
    const urn = `urn:pulumi:${stack.stack}::${stack.project}::pulumi-nodejs:dynamic/resellerclub:MailUser::mailbox`;
    passed(
      await withPolicy(
        { plainPassword: true },
        { "secrets-must-be-secret": { allow: [{ urn, expires: inDays(1) }] } },
      ),
    );
  });
});

describe("credit-budget", () => {
  test("passes an upgrade under the default budget and blocks it under a smaller one", async () => {
    passed(await withPolicy({ tier: "Outmail2500" }));
    const run = await withPolicy({ tier: "Outmail2500" }, { "credit-budget": { maxPartnerCredits: 30 } });
    expect(run.result.cliExitCode).not.toBe(0);
    const violation = run.policyViolations.find((v) => v.policyName === "credit-budget");
    expect(violation?.message).toContain("This update would spend 40 partner credits (relay 40)");
    expect(violation?.message).toContain('over the budget of 30 ("maxPartnerCredits"');
    expect(writes()).toEqual([]);
  });

  test("a config with the deprecated maxOutmailCredits keeps working; beside the new key the smaller wins", async () => {
    const old = await withPolicy({ tier: "Outmail2500" }, { "credit-budget": { maxOutmailCredits: 30 } });
    expect(old.result.cliExitCode).not.toBe(0);
    expect(old.policyViolations.find((v) => v.policyName === "credit-budget")?.message).toContain(
      'over the budget of 30 ("maxOutmailCredits" in the credit-budget config, deprecated: rename it "maxPartnerCredits")',
    );
    const both = await withPolicy(
      { tier: "Outmail2500" },
      { "credit-budget": { maxOutmailCredits: 100, maxPartnerCredits: 30 } },
    );
    expect(both.policyViolations.find((v) => v.policyName === "credit-budget")?.message).toContain(
      'over the budget of 30 ("maxPartnerCredits"',
    );
    expect(writes()).toEqual([]);
  });

  test("counts nothing for what unchanged resources spent when they were created", async () => {
    // Their outputs are the recorded ones, and the budget reads outputs: a spend recorded there would be
    // counted again at every later preview, and a fleet would be over any budget forever.
    passed(await withPolicy({}, { "credit-budget": { maxPartnerCredits: 0, maxMailpartnerEuros: 0 } }));
  });

  test("counts a new sub-account's credit against the euro budget", async () => {
    const run = await withPolicy(
      { subaccountType: "advanced" },
      {
        "no-destructive-replacement": "disabled",
        "credit-budget": { maxMailpartnerEuros: 4 },
      },
    );
    const violation = run.policyViolations.find((v) => v.policyName === "credit-budget");
    expect(violation?.message).toContain("This update would spend 5 EUR (newsletter 5)");
  });
});
