/**
 * A fleet in shards (issue 23), through the installed `pulumi-mailreseller fleet` command and the real CLI,
 * on a real PostgreSQL state backend (Pulumi's `postgres://` DIY backend) and the sandbox: six customers of
 * the GitOps data format over three shards, run three at once; every shard's stack on the shared backend;
 * an unchanged preview with no vendor write; the same preview from fresh work folders (a CI machine that
 * never ran the fleet before, with only the backend and the passphrase); one shard alone (`--shard`);
 * growing to four shards, where the other operations wait for `reshard`, which moves three customers
 * through state only and, run again after a move killed between its two writes, drops the copy it left;
 * a pull request's preview (`--base`) that runs only the shard of the one customer it changes; and destroy. The sandbox's ledger shows no vendor write from resharding.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { policyPackArgument, repoRoot } from "../harness/engine-stack";
import { fleetCliEnv, runFleetCommand } from "../harness/fleet-command";
import { type Postgres, startPostgres } from "../harness/postgres";
import { shardOf } from "../../provider/commands/fleet/shards";

jest.setTimeout(900_000);

const SHARDS = 3;
// Two customers per shard under the rule (acme, bakery: 0; citrus, elm: 1; grove, harbor: 2).
const customers = ["acme", "bakery", "citrus", "elm", "grove", "harbor"].map((id) => ({
  id,
  outmailClientId: "9987606",
  outmailTier: "Outmail500",
  mailupProfile: "Economy",
  mailupPacks: [{ pack: "Crediti300", quantity: 1 }],
}));

let postgres: Postgres;
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  [postgres, sandbox] = await Promise.all([startPostgres(), startSandbox({ port: 0, quiet: true })]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-fleet-test-"));
  fs.writeFileSync(path.join(dir, "customers.json"), JSON.stringify({ customers }));
  fs.writeFileSync(
    path.join(dir, "mailreseller-fleet.json"),
    JSON.stringify({
      project: "fleet-test",
      data: "customers.json",
      format: "customers",
      program: path.join(repoRoot, "examples", "gitops", "customer.ts"),
      shards: SHARDS,
      concurrency: SHARDS,
      backend: postgres.url,
      config: { "mailreseller:deletionGuard": "false" },
      secretConfig: { relayPassword: "FLEET_RELAY_PASSWORD" },
    }),
  );
});

afterAll(async () => {
  await Promise.all([postgres?.stop(), sandbox?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  ...fleetCliEnv({ sandboxUrl: sandbox.url, backend: postgres.url, home: path.join(dir, ".pulumi-home") }),
  FLEET_RELAY_PASSWORD: "fleet-relay-password-7c1d",
});

const fleet = (...args: string[]) => runFleetCommand(dir, env(), args);

const relays = () =>
  sandbox.partner
    .snapshot()
    .outmails.map((o) => o.username)
    .filter((u) => customers.some((c) => u === `${c.id}-relay`))
    .sort();

const writes = () => sandbox.requests.filter((r) => r.method !== "GET" && !r.path.includes("/token"));

test("up deploys every shard in parallel on the shared PostgreSQL backend", async () => {
  const up = await fleet("up");
  console.log(up.stdout);
  expect(up.code).toBe(0);
  // All three ran at once: each started before any ended.
  const lines = up.stderr.split("\n");
  const firstEnd = lines.findIndex((l) => / up (succeeded|FAILED)/.test(l));
  for (const n of [0, 1, 2]) {
    const start = lines.findIndex((l) => l.startsWith(`[fleet] shard-${n}: up started`));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThan(firstEnd);
  }
  expect(up.shards.map((s) => s.customers)).toEqual([2, 2, 2]);
  expect(customers.map((c) => shardOf(c.id, SHARDS))).toEqual([0, 0, 1, 1, 2, 2]);
  for (const s of up.shards) {
    expect(s.status).toBe("succeeded");
    // Per customer: its component, a relay, a console and one pack.
    expect(s.changes.create).toBe(s.customers * 4 + 1);
  }
  expect(relays()).toEqual(customers.map((c) => `${c.id}-relay`).sort());
  // Every shard's state is in PostgreSQL, under the project's stacks, gzipped (./backend.ts, fleetEnv).
  const keys = (await postgres.sql("select key from pulumi_state order by key")).split("\n");
  for (const s of up.shards) {
    expect(keys).toContainEqual(expect.stringMatching(new RegExp(`/fleet-test/${s.stack}\\.json\\.gz$`)));
  }
});

test("an unchanged fleet previews with no vendor write, also from fresh work folders", async () => {
  sandbox.requestLog.clear();
  const preview = await fleet("preview");
  expect(preview.code).toBe(0);
  for (const s of preview.shards.filter((s) => s.customers > 0))
    expect(s.changes).toEqual({ same: s.customers * 4 + 1 });
  // A CI machine has only the repository, the backend and the passphrase.
  fs.rmSync(path.join(dir, ".mailreseller-fleet"), { recursive: true, force: true });
  fs.rmSync(path.join(dir, ".pulumi-home"), { recursive: true, force: true });
  const fresh = await fleet("preview");
  expect(fresh.code).toBe(0);
  expect(fresh.shards.map((s) => s.changes)).toEqual(preview.shards.map((s) => s.changes));
  console.log(`vendor writes in two unchanged previews of the fleet: ${writes().length}`);
  expect(writes()).toEqual([]);
});

test("--shard runs one shard only", async () => {
  const target = shardOf("acme", SHARDS);
  const one = await fleet("preview", "--shard", String(target));
  expect(one.code).toBe(0);
  expect(one.shards.map((s) => s.shard)).toEqual([target]);
  expect(one.stdout).toContain(`| ${target} | shard-${target} |`);
});

/** The settings with another shard count, as a pull request changing the fleet's file would. */
function setShards(shards: number): void {
  const file = path.join(dir, "mailreseller-fleet.json");
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), shards }));
}

/** The plain CLI on the fleet's project, for what a killed reshard leaves behind. */
async function pulumi(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(path.join(process.env.PULUMI_BIN_DIR!, "pulumi"), args, {
    cwd: path.join(dir, ".mailreseller-fleet", "fleet-test"),
    env: { ...process.env, ...env() },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

test("growing to four shards: the other operations wait for reshard, which moves customers through state only", async () => {
  sandbox.requestLog.clear();
  const exported = path.join(dir, "shard-0-before.json");
  await pulumi("stack", "export", "--stack", "shard-0", "--file", exported);
  setShards(4);
  const refused = await fleet("preview");
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("run `pulumi-mailreseller fleet reshard` first");
  expect(refused.stderr).toContain("shard-0 holds them by rendezvous-sha256/3");

  const dry = await fleet("reshard", "--dry-run");
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain(
    "3 customers to move (12 resources), 0 copies from a killed move to drop, 3 staying",
  );
  for (const [customer, from] of [
    ["acme", 0],
    ["elm", 1],
    ["grove", 2],
  ] as const) {
    expect(dry.stdout).toContain(`| ${customer} | shard-${from} | shard-3 | 4 |`);
  }
  expect((await fleet("preview")).code).toBe(2);

  const reshard = await fleet("reshard");
  console.log(reshard.stdout);
  expect(reshard.code).toBe(0);
  expect(reshard.stdout).toContain("3 customers moved (12 resources)");

  // A reshard killed between the two writes of a move leaves the customer in both stacks, and the old
  // layout on the stacks: restore shard-0 as it was before, with its tag.
  await pulumi("stack", "import", "--stack", "shard-0", "--file", exported);
  await pulumi(
    "stack",
    "tag",
    "set",
    "mailreseller:fleet-layout",
    "rendezvous-sha256/3",
    "--stack",
    "shard-0",
  );
  expect((await fleet("preview")).code).toBe(2);
  const again = await fleet("reshard");
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(
    "0 customers moved (0 resources), 1 copies from a killed move dropped, 6 staying",
  );
  expect(again.stdout).toContain("| acme | shard-0 | shard-3 |");

  const preview = await fleet("preview");
  expect(preview.code).toBe(0);
  expect(preview.shards.map((s) => [s.stack, s.customers, s.changes])).toEqual([
    ["shard-0", 1, { same: 5 }],
    ["shard-1", 1, { same: 5 }],
    ["shard-2", 1, { same: 5 }],
    ["shard-3", 3, { same: 13 }],
  ]);
  console.log(`vendor writes while resharding and previewing: ${writes().length}`);
  expect(writes()).toEqual([]);
  expect(relays()).toEqual(customers.map((c) => `${c.id}-relay`).sort());
});

test("a pull request that changes one customer previews that customer's shard only", async () => {
  const data = path.join(dir, "customers.json");
  const base = path.join(dir, "base.json");
  fs.copyFileSync(data, base);
  const head = customers.map((c) => (c.id === "bakery" ? { ...c, outmailTier: "Outmail1000" } : c));
  fs.writeFileSync(data, JSON.stringify({ customers: head }));
  try {
    sandbox.requestLog.clear();
    const started = Date.now();
    const pr = await fleet("preview", "--base", base);
    console.log(`one-customer pull request previewed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(pr.code).toBe(0);
    expect(pr.shards.map((s) => [s.stack, s.changes])).toEqual([["shard-0", { update: 1, same: 4 }]]);
    expect(pr.stdout).toContain("ran: 1 of 4");
    expect(writes()).toEqual([]);
  } finally {
    fs.copyFileSync(base, data);
  }
});

test("the credit budget is judged over every shard a run touches, before up applies anything", async () => {
  // Two regrades (Outmail500 → Outmail1000, 20 partner credits each) in two shards: each shard's pack sees
  // 20, under the budget of 30; the fleet spends 40.
  const data = path.join(dir, "customers.json");
  const settingsFile = path.join(dir, "mailreseller-fleet.json");
  const settings = fs.readFileSync(settingsFile, "utf8");
  const policyConfig = path.join(dir, "policy-config.json");
  fs.writeFileSync(policyConfig, JSON.stringify({ "credit-budget": { maxPartnerCredits: 30 } }));
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({
      ...JSON.parse(settings),
      policyPacks: [policyPackArgument(path.join(repoRoot, "policy"))],
      policyPackConfigs: [policyConfig],
    }),
  );
  const regraded = ["bakery", "citrus"];
  expect(regraded.map((id) => shardOf(id, 4))).toEqual([0, 1]);
  fs.writeFileSync(
    data,
    JSON.stringify({
      customers: customers.map((c) => (regraded.includes(c.id) ? { ...c, outmailTier: "Outmail1000" } : c)),
    }),
  );
  try {
    sandbox.requestLog.clear();
    const preview = await fleet("preview");
    console.log(preview.stdout);
    const results = path.join(dir, "preview.json");
    fs.writeFileSync(results, JSON.stringify({ operation: "preview", shards: preview.shards }));
    expect(preview.code).toBe(1);
    expect(preview.shards.map((s) => [s.status, s.policy])).toEqual(
      preview.shards.map(() => ["succeeded", []]),
    );
    expect(preview.stdout).toContain(
      "mandatory credit-budget (fleet): This fleet run, over every shard it touches, would spend 40 partner " +
        "credits (bakery-relay 20, citrus-relay 20), over the budget of 30",
    );
    // The workflow's last job reaches the same verdict from the shards' results.
    const gather = await fleet("gather", results);
    expect(gather.code).toBe(1);
    expect(gather.stdout).toContain("would spend 40 partner credits");

    const up = await fleet("up");
    expect(up.code).toBe(1);
    expect(up.stdout).toContain("Nothing was applied: the changes are over the fleet's credit budget.");
    expect(writes()).toEqual([]);
    const tiers = sandbox.partner.snapshot().outmails.filter((o) => o.username.endsWith("-relay"));
    expect(new Set(tiers.map((o) => o.service_name))).toEqual(new Set(["Outmail500"]));
  } finally {
    fs.writeFileSync(settingsFile, settings);
    fs.writeFileSync(data, JSON.stringify({ customers }));
  }
});

test("destroy removes every customer from the vendors", async () => {
  const destroy = await fleet("destroy");
  expect(destroy.code).toBe(0);
  for (const s of destroy.shards.filter((s) => s.customers > 0))
    expect(s.changes.delete).toBe(s.customers * 4 + 1);
  expect(relays()).toEqual([]);
});
