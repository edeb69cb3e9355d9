/**
 * The fleet's rules that need no engine: the shard rule's promises (a customer's shard depends on its id
 * only; growing the fleet moves the fewest customers, each to the new shard; shrinking moves only the
 * removed shard's), the data formats' grouping, and the settings' errors, each naming what is wrong.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import type { EngineEvent } from "@pulumi/pulumi/automation";

import { UNKNOWN_VALUE } from "../../provider/core/protocol/policy-facts-protocol";
import {
  type FleetBudget,
  countSpend,
  fleetBudgetOf,
  fleetBudgetVerdicts,
  noShardSpend,
} from "../../provider/commands/fleet/budget";
import { fleetEnv } from "../../provider/commands/fleet/backend";
import { changedCustomers, planCustomerOf, readFleetData } from "../../provider/commands/fleet/data";
import { readFleetSettings } from "../../provider/commands/fleet/settings";
import { fleetSummary, gatherResults } from "../../provider/commands/fleet/summary";
import { assignShards, shardOf } from "../../provider/commands/fleet/shards";

const ids = Array.from({ length: 10_000 }, (_, i) => `customer-${i}`);

test("a customer's shard is fixed by its id: the same everywhere, and no other customer moves it", () => {
  expect(shardOf("acme", 8)).toBe(shardOf("acme", 8));
  // Known answers, so a change of the rule cannot pass unnoticed (it would move customers between stacks).
  expect(["acme", "bakery", "citrus", "elm", "grove", "harbor"].map((id) => shardOf(id, 3))).toEqual([
    0, 0, 1, 1, 2, 2,
  ]);
  const before = assignShards(
    ids.slice(0, 5000).map((id) => ({ id })),
    16,
  );
  const after = assignShards(
    ids.map((id) => ({ id })),
    16,
  );
  for (let shard = 0; shard < 16; shard++) {
    expect(after[shard].slice(0, before[shard].length)).toEqual(before[shard]);
  }
});

test("the shards are even, and growing from K to K+1 moves about 1/(K+1) of the customers, all to the new one", () => {
  for (const k of [4, 16]) {
    const sizes = assignShards(
      ids.map((id) => ({ id })),
      k,
    ).map((s) => s.length);
    const mean = ids.length / k;
    for (const size of sizes) expect(Math.abs(size - mean) / mean).toBeLessThan(0.15);
    const moved = ids.filter((id) => shardOf(id, k) !== shardOf(id, k + 1));
    expect(moved.every((id) => shardOf(id, k + 1) === k)).toBe(true);
    expect(Math.abs(moved.length / ids.length - 1 / (k + 1))).toBeLessThan(0.02);
    console.log(
      `${k} → ${k + 1} shards: ${moved.length} of ${ids.length} customers move (${((100 * moved.length) / ids.length).toFixed(1)}%)`,
    );
  }
});

test("shrinking from K+1 to K moves only the customers of the removed shard", () => {
  const moved = ids.filter((id) => shardOf(id, 9) !== shardOf(id, 8));
  expect(moved.every((id) => shardOf(id, 9) === 8)).toBe(true);
});

describe("the data file", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-fleet-unit-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(data));
    return file;
  };

  test("an import plan is grouped by the vendor's unit of customer; a pack stays with its account", () => {
    const file = write("plan.json", {
      version: 1,
      resources: [
        { type: "outmail.Service", name: "a", adopt: "1", args: { clientId: "77" } },
        { type: "partner.LiveService", name: "b", adopt: "2", args: { clientId: "77" } },
        { type: "mailup.Account", name: "c", adopt: "900", args: {} },
        { type: "mailup.AccountPack", name: "d", adopt: "900/5", args: { accountId: "900", pack: "5" } },
        { type: "resellerclub.MailUser", name: "e", adopt: "1001/a@x.example", args: { orderId: "1001" } },
        {
          type: "resellerclub.ForwardOnlyAccount",
          name: "f",
          adopt: "1001/b@x.example",
          args: { orderId: "1001" },
        },
        { type: "mailpartner.Subaccount", name: "g", adopt: "s@x.example", args: {} },
      ],
    });
    const customers = readFleetData(file, "import-plan");
    expect(customers.map((c) => [c.id, (c.resources as { name: string }[]).map((r) => r.name)])).toEqual([
      ["partner-client-77", ["a", "b"]],
      ["mailup-account-900", ["c", "d"]],
      ["resellerclub-order-1001", ["e", "f"]],
      ["mailpartner-s@x.example", ["g"]],
    ]);
    expect(planCustomerOf({ type: "partner.LiveService", name: "h", adopt: "3", args: {} })).toBe(
      "partner-live-service-3",
    );
  });

  test("a customers file with a repeated or unusable id fails naming it", () => {
    expect(() =>
      readFleetData(write("twice.json", { customers: [{ id: "a" }, { id: "a" }] }), "customers"),
    ).toThrow("customer id a appears twice");
    expect(() => readFleetData(write("bad.json", { customers: [{ id: "a::b" }] }), "customers")).toThrow(
      /customers\.0\.id: letters, digits/,
    );
  });
});

describe("the settings", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-fleet-settings-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const settings = (data: unknown) => {
    const file = path.join(dir, `s-${Math.random()}.json`);
    fs.writeFileSync(file, JSON.stringify(data));
    return file;
  };
  const base = { project: "fleet", data: "customers.json", program: "customer.ts", shards: 4 };

  test("paths are the file's, the rule and the defaults are filled in, the backend may come from the environment", () => {
    const s = readFleetSettings(settings(base), { PULUMI_BACKEND_URL: "postgres://db/pulumi" });
    expect(s).toMatchObject({
      data: path.join(dir, "customers.json"),
      program: path.join(dir, "customer.ts"),
      rule: "rendezvous-sha256",
      stackPrefix: "shard-",
      backend: "postgres://db/pulumi",
      concurrency: 2,
    });
  });

  test("each mistake is named", () => {
    expect(() => readFleetSettings(settings(base), {})).toThrow(/no state backend/);
    expect(() => readFleetSettings(settings({ ...base, shards: 0 }), { PULUMI_BACKEND_URL: "x" })).toThrow(
      /shards:/,
    );
    expect(() =>
      readFleetSettings(settings({ ...base, rule: "modulo" }), { PULUMI_BACKEND_URL: "x" }),
    ).toThrow(/rule:/);
    expect(() => readFleetSettings(settings({ ...base, shardz: 3 }), { PULUMI_BACKEND_URL: "x" })).toThrow(
      /shardz/,
    );
    expect(() =>
      readFleetSettings(settings({ ...base, secretConfig: { relayPassword: "RELAY_PW" } }), {
        PULUMI_BACKEND_URL: "x",
      }),
    ).toThrow("secretConfig reads RELAY_PW, which the environment does not set");
  });
});

test("the example settings are valid, and the README shows them as they are", () => {
  const file = path.join(__dirname, "..", "..", "examples", "gitops", "mailreseller-fleet.json");
  const s = readFleetSettings(file, { PULUMI_BACKEND_URL: "postgres://db/pulumi", RELAY_PASSWORD: "x" });
  expect(s.program).toBe(path.join(path.dirname(file), "customer.ts"));
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const shown = /## A fleet in shards[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(JSON.parse(shown ?? "null")).toEqual(JSON.parse(fs.readFileSync(file, "utf8")));
});

test("a change's customers: added, removed and changed ones, not the ones declared as before", () => {
  const base = [{ id: "a", tier: 1 }, { id: "b", tier: 1, packs: [{ q: 1 }] }, { id: "c" }];
  const head = [{ id: "b", tier: 1, packs: [{ q: 2 }] }, { id: "c" }, { id: "d" }, { id: "a", tier: 1 }];
  expect(changedCustomers(base, head)).toEqual(["b", "d"]);
  expect(changedCustomers(base, head.slice(0, 3))).toEqual(["a", "b", "d"]);
});

test("gather makes one summary of the shards' results, in shard order, with the failures and their logs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-fleet-gather-"));
  try {
    const result = (shard: number, status: string, extra: object = {}) => ({
      shard,
      stack: `shard-${shard}`,
      customers: 2,
      status,
      changes: status === "succeeded" ? { update: 1, same: 8 } : {},
      policy: [],
      log: `/ci/shard-${shard}/preview.log`,
      seconds: 3,
      ...extra,
    });
    const one = path.join(dir, "shard-1.json");
    const zero = path.join(dir, "shard-0.json");
    fs.writeFileSync(
      one,
      JSON.stringify({ operation: "preview", shards: [result(1, "failed", { error: "error: boom" })] }),
    );
    fs.writeFileSync(zero, JSON.stringify({ operation: "preview", shards: [result(0, "succeeded")] }));
    const gathered = gatherResults([one, zero]);
    expect(gathered.shards.map((s) => s.shard)).toEqual([0, 1]);
    const summary = fleetSummary(gathered.operation, gathered.shards);
    expect(summary).toContain("## pulumi-mailreseller fleet preview: 1 of 2 shards succeeded, 1 failed");
    expect(summary).toContain("| 0 | shard-0 | 2 | succeeded | 0 | 1 | 0 | 0 | 8 |");
    expect(summary).toContain("- **shard-1** (log: /ci/shard-1/preview.log):");
    expect(summary).toContain("  error: boom");
    fs.writeFileSync(zero, JSON.stringify({ operation: "up", shards: [] }));
    expect(() => gatherResults([one, zero])).toThrow("holds the results of up, the others of preview");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the fleet workflow example runs only subcommands and flags the command has", async () => {
  const root = path.join(__dirname, "..", "..");
  const workflow = fs.readFileSync(path.join(root, "examples", "gitops", "fleet.yml"), "utf8");
  const { stderr: usage } = await promisify(execFile)(
    path.join(root, "node_modules", ".bin", "tsx"),
    // The usage goes to stderr, as for every call without a command.
    ["provider/commands/cli.ts", "--help"],
    { cwd: root },
  );
  // A command may continue on the next line (a `\` at the end of the line).
  const commands = [...workflow.replace(/\\\n\s*/g, "").matchAll(/pulumi-mailreseller fleet (\w+)([^\n]*)/g)];
  expect(commands.map((m) => m[1]).sort()).toEqual(["gather", "preview", "up"]);
  for (const [, sub, rest] of commands) {
    expect(usage).toContain(
      `pulumi-mailreseller fleet ${sub === "gather" ? "gather" : "preview|up|refresh|destroy"}`,
    );
    for (const flag of rest.match(/--[a-z-]+/g) ?? [])
      expect(usage).toMatch(new RegExp(`^\\s+${flag}\\b`, "m"));
  }
});

describe("the fleet's credit budget", () => {
  /** A step's pre-event as the engine sends it: the checked inputs carry check's facts. */
  const step = (op: string, name: string, spend: unknown): EngineEvent =>
    ({
      sequence: 0,
      timestamp: 0,
      resourcePreEvent: {
        metadata: {
          op,
          urn: `urn:pulumi:shard-0::fleet::mailreseller:fleet:Customer$pulumi-nodejs:dynamic/outmail:Service::${name}`,
          type: "pulumi-nodejs:dynamic/outmail:Service",
          provider: "",
          new: { inputs: { policyFacts: { spend } } },
        },
      },
    }) as unknown as EngineEvent;
  const credits = (amount: unknown) => ({ amount, unit: "partner credits", pending: true });
  const budget: FleetBudget = { budget: { maxPartnerCredits: 30 }, allow: [], level: "mandatory" };

  it("adds up the changes of every shard and judges them once", () => {
    const shards = [noShardSpend(), noShardSpend()];
    countSpend(step("update", "bakery-relay", credits(20)), shards[0], budget);
    countSpend(step("update", "citrus-relay", credits(20)), shards[1], budget);
    // Unchanged, deleted or recorded (no `pending`): nothing to spend.
    countSpend(step("same", "acme-relay", credits(20)), shards[0], budget);
    countSpend(step("delete", "elm-relay", credits(20)), shards[1], budget);
    countSpend(step("create", "grove-relay", { amount: 20, unit: "partner credits" }), shards[1], budget);
    expect(fleetBudgetVerdicts(shards.slice(0, 1), budget)).toEqual([]);
    expect(fleetBudgetVerdicts(shards, budget)).toEqual([
      "mandatory credit-budget (fleet): This fleet run, over every shard it touches, would spend 40 partner " +
        'credits (bakery-relay 20, citrus-relay 20), over the budget of 30 ("maxPartnerCredits" in the ' +
        "credit-budget config). Raise the budget, spread the change over several runs, or allow-list a resource.",
    ]);
  });

  it("names a few resources per shard but counts them all", () => {
    const shard = noShardSpend();
    for (let i = 0; i < 1000; i++) countSpend(step("create", `c${i}-relay`, credits(10)), shard, budget);
    const [verdict] = fleetBudgetVerdicts([shard, shard], budget);
    expect(verdict).toContain("would spend 20000 partner credits (c0-relay 10,");
    expect(verdict).toContain("c9-relay 10, c0-relay 10,");
    expect(verdict).toContain("… 1980 more)");
  });

  it("leaves allow-listed resources out and blocks an amount preview does not know", () => {
    const allowed: FleetBudget = { ...budget, allow: [{ name: "bakery-relay", expires: "2999-12-31" }] };
    const shard = noShardSpend();
    countSpend(step("update", "bakery-relay", credits(500)), shard, allowed);
    expect(fleetBudgetVerdicts([shard], allowed)).toEqual([]);
    countSpend(step("create", "new-relay", credits(UNKNOWN_VALUE)), shard, allowed);
    expect(fleetBudgetVerdicts([shard], allowed)).toEqual([
      expect.stringContaining("cannot add up this fleet run: what new-relay would spend is not known"),
    ]);
  });

  it("is the policy pack's credit-budget config, when the settings run this package's pack", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-budget-"));
    const pack = path.join(__dirname, "..", "..", "policy");
    const config = (value: unknown) => {
      const file = path.join(tmp, `config-${Math.random()}.json`);
      fs.writeFileSync(file, JSON.stringify(value));
      return file;
    };
    expect(fleetBudgetOf({ policyPacks: [], policyPackConfigs: [] })).toBeUndefined();
    expect(fleetBudgetOf({ policyPacks: [tmp], policyPackConfigs: [] })).toBeUndefined();
    expect(fleetBudgetOf({ policyPacks: [pack], policyPackConfigs: [] })).toEqual({
      budget: {},
      allow: [],
      level: "mandatory",
    });
    const allow = [{ name: "a", expires: "2999-01-01" }];
    expect(
      fleetBudgetOf({
        policyPacks: [path.join(pack, "run-policy-pack")],
        policyPackConfigs: [
          config({ "credit-budget": { enforcementLevel: "advisory", maxPartnerCredits: 5, allow } }),
        ],
      }),
    ).toEqual({ budget: expect.objectContaining({ maxPartnerCredits: 5 }), allow, level: "advisory" });
    expect(
      fleetBudgetOf({ policyPacks: [pack], policyPackConfigs: [config({ "credit-budget": "disabled" })] }),
    ).toBeUndefined();
    expect(() =>
      fleetBudgetOf({ policyPacks: [pack], policyPackConfigs: [path.join(tmp, "none.json")] }),
    ).toThrow(/cannot read the policy pack config .*none\.json/);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});

test("every Pulumi process of the fleet gzips its checkpoints, unless the environment chooses", () => {
  const settings = { backend: "postgres://pulumi@db:5432/pulumi", config: {} };
  expect(fleetEnv(settings, {})).toMatchObject({
    PULUMI_BACKEND_URL: settings.backend,
    PULUMI_DIY_BACKEND_PARALLEL: "1",
    PULUMI_DIY_BACKEND_GZIP: "true",
    MAILRESELLER_ACTIVATION_JOURNAL: settings.backend,
  });
  expect(fleetEnv(settings, { PULUMI_DIY_BACKEND_ZSTD: "true" })).not.toHaveProperty(
    "PULUMI_DIY_BACKEND_GZIP",
  );
  expect(fleetEnv(settings, { PULUMI_DIY_BACKEND_GZIP: "false" })).not.toHaveProperty(
    "PULUMI_DIY_BACKEND_GZIP",
  );
});
