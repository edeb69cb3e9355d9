/**
 * Brownfield adoption end to end: objects already live in the sandbox (made outside Pulumi), the shipped
 * command `pulumi-mailreseller import-plan` (the packed copy's bin, as users run it with npx) writes a plan,
 * examples/fleet declares it, and the real CLI's `pulumi up` adopts every object with zero writes at the
 * vendors (the ledger is unchanged); the next preview shows no changes and makes no vendor call.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import axios from "axios";

import { implementation as accounts, type AccountInputs } from "../../provider/mailup/account";
import { implementation as packs, type AccountPackInputs } from "../../provider/mailup/account-pack";
import {
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_ID,
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
  Sandbox,
  startSandbox,
} from "../../sandbox/server";
import { EngineStack, repoRoot } from "../harness/engine-stack";
import { sandboxEnv } from "../harness/sandbox-config";

jest.setTimeout(600_000);

const run = promisify(execFile);
const CLI = path.join(repoRoot, "examples", "node_modules", ".bin", "pulumi-mailreseller");

let sandbox: Sandbox;
let stack: EngineStack;
let env: Record<string, string>;
let mailupAccountId: string;

interface Plan {
  resources: {
    type: string;
    name: string;
    adopt: string;
    args: Record<string, unknown>;
    secrets?: Record<string, string>;
    missing?: string[];
  }[];
  notes: string[];
}

/** What the operator copies from the MailUp console: the account status call does not report it. */
const mailupConsoleFields = {
  language: "EN",
  email: "marketing@customer.example",
  customDomain: "customer.example",
  customSubdomain: "news",
  serviceName: "Newsletters",
  serviceUrl: "www.customer.example/news",
  serviceLogoutUrl: "www.customer.example",
};

async function seedBrownfield(): Promise<void> {
  const partner = axios.create({
    baseURL: `${sandbox.url}/partner/api-v1`,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
  });
  for (const username of ["legacy-relay", "shop-relay"]) {
    await partner.post("/outmails", {
      service_name: "Outmail500",
      client_id: "9987606",
      username,
      password: "legacy-password-1",
    });
  }
  const rc = (route: string, fields: Record<string, string>) =>
    axios.post(
      `${sandbox.url}/resellerclub/api/${route}`,
      new URLSearchParams({
        "auth-userid": DEFAULT_RESELLERCLUB_AUTH_USERID,
        "api-key": DEFAULT_RESELLERCLUB_API_KEY,
        "order-id": "1001",
        ...fields,
      }),
    );
  await rc("mail/user/add.json", {
    email: "office@customer.example",
    passwd: "mailbox-password-1",
    "notification-email": "it@customer.example",
    "first-name": "Office",
    "last-name": "Mailbox",
    "country-code": "GB",
    "language-code": "en",
  });
  await rc("mail/user/add-forward-only-account.json", {
    email: "sales@customer.example",
    forwards: "office@customer.example",
  });
  sandbox.mailpartner.seedSubaccount({ type: "advanced", email: "shop@customer.example", title: "Shop" });
  sandbox.mailpartner.seedSubaccount({ type: "simple" });

  const inputs = { profile: "Economy", ipAddress: "192.0.2.10", ...mailupConsoleFields };
  const checked = await accounts.check({} as AccountInputs, inputs as AccountInputs);
  const created = await accounts.create(checked.inputs!);
  mailupAccountId = String(created.outs?.accountId);
  await packs.create({ accountId: mailupAccountId, pack: "Crediti300", quantity: 3 } as AccountPackInputs);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0 });
  // The provider's settings as the MAILRESELLER_* environment variables the command reads.
  env = sandboxEnv(sandbox.url);
  Object.assign(process.env, env);
  await seedBrownfield();
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("import-plan lists every live object with its adopt id, and says what it cannot list", async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "fleet.json");
  const { stdout } = await run(
    CLI,
    [
      "import-plan",
      "--vendor",
      "all",
      "--out",
      out,
      "--resellerclub-orders",
      "1001",
      "--mailup-accounts",
      mailupAccountId,
    ],
    { env: { ...process.env, ...env } },
  );
  expect(stdout).toContain("wrote 13 resources");
  expect(stdout).toContain(
    "note: mailup: the Retailer Service documents no call that lists a retailer's accounts",
  );
  const plan = JSON.parse(fs.readFileSync(out, "utf8")) as Plan;
  expect(plan.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
    [
      "mailpartner.Subaccount subaccount-9875587-mailpartner-fr",
      "mailpartner.Subaccount subaccount-shop-customer-example",
      `mailup.Account mailup-account-${mailupAccountId}`,
      `mailup.AccountPack mailup-account-${mailupAccountId}-crediti300`,
      "outmail.Service outmail-legacy-relay",
      "outmail.Service outmail-shop-relay",
      // The sandbox's live services bought in the portal: every product, taken over by id.
      "partner.LiveService backupmx-1234801",
      "partner.LiveService profilter-1234802",
      "partner.LiveService fakemx-1234803",
      "partner.LiveService masterdns-1234804",
      "partner.LiveService backupdns-1234805",
      "resellerclub.ForwardOnlyAccount forward-sales-customer-example",
      "resellerclub.MailUser mailbox-office-customer-example",
    ].sort(),
  );
  expect(JSON.stringify(plan)).not.toContain("legacy-password-1");

  // MailUp reports no address, language, domains or service fields: the plan says which to fill in, and
  // the fleet program refuses to run until they are (the operator copies them from the MailUp console).
  const account = plan.resources.find((r) => r.type === "mailup.Account")!;
  expect(account.missing?.sort()).toEqual(Object.keys(mailupConsoleFields).sort());
  expect(plan.notes.join("\n")).toContain('each mailup.Account lists them under "missing"');
  Object.assign(account.args, mailupConsoleFields);
  fs.writeFileSync(out, JSON.stringify(plan));

  // The fleet program, as shipped in examples/fleet, on that plan: the passwords from stack config.
  const config: Record<string, { value: string; secret?: boolean }> = {};
  for (const key of plan.resources.flatMap((r) => Object.values(r.secrets ?? {}))) {
    config[`engine-test:${key}`] = { value: "adopted-password-1", secret: true };
  }
  stack = new EngineStack({ name: "fleet", config, env: { ...env, FLEET_PLAN: out } });
  stack.writeProgram(fs.readFileSync(path.join(repoRoot, "examples", "fleet", "index.ts"), "utf8"));

  const ledgerBefore = JSON.stringify(sandbox.ledger());
  sandbox.requestLog.clear();
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toEqual({ create: 14 });
  const writes = sandbox.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/OAuth/Token"));
  expect(writes).toEqual([]);
  expect(JSON.stringify(sandbox.ledger())).toBe(ledgerBefore);
  expect(
    stack
      .resources()
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
      .map((r) => r.id)
      .sort(),
  ).toEqual(plan.resources.map((r) => r.adopt).sort());

  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  expect(preview.result.changeSummary).toEqual({ same: 14 });
  expect(sandbox.requests).toEqual([]);
});
