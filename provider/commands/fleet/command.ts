/**
 * `pulumi-mailreseller fleet …`: its flags, and which of the fleet's operations each subcommand runs
 * (./run for preview, up, refresh and destroy; ./reshard; ./summary for gather). The dispatcher
 * (../cli.ts) loads this module only for `fleet`, since the Automation API takes half a second to load.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";

import { type FleetBudget, fleetBudgetOf, fleetBudgetVerdicts } from "./budget";
import { reshardFleet } from "./reshard";
import { FLEET_OPERATIONS, type ShardResult, runFleet } from "./run";
import { DEFAULT_SETTINGS_FILE, readFleetPolicyPacks, readFleetSettings } from "./settings";
import { fleetSummary, gatherResults } from "./summary";

export async function fleetCommand(argv: readonly string[], usage: string): Promise<number> {
  const [operation, ...rest] = argv;
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    args: rest,
    options: {
      settings: { type: "string", default: DEFAULT_SETTINGS_FILE },
      shard: { type: "string", multiple: true },
      json: { type: "string" },
      base: { type: "string" },
      "break-stale-locks": { type: "boolean", default: false },
      out: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "skip-preview": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (operation === "gather") {
    const gathered = gatherResults(positionals);
    // The settings are optional here: without them there is no fleet-wide budget to judge.
    const budget = fs.existsSync(values.settings)
      ? fleetBudgetOf(readFleetPolicyPacks(values.settings))
      : undefined;
    const summary = fleetSummary(gathered.operation, gathered.shards, undefined, budget);
    process.stdout.write(summary);
    if (values.out) fs.writeFileSync(values.out, summary);
    return failed(gathered.shards, budget) ? 1 : 0;
  }
  if (positionals.length > 0) {
    process.stderr.write(`unexpected argument ${positionals.join(" ")}\n\n${usage}`);
    return 2;
  }
  if (operation === "reshard") {
    const { summary } = await reshardFleet(readFleetSettings(values.settings), {
      dryRun: values["dry-run"],
      log: (line) => process.stderr.write(`[fleet] ${line}\n`),
    });
    process.stdout.write(summary);
    return 0;
  }
  if (!(FLEET_OPERATIONS as readonly string[]).includes(operation ?? "")) {
    process.stderr.write(`fleet needs one of ${FLEET_OPERATIONS.join(", ")}, reshard, gather\n\n${usage}`);
    return 2;
  }
  const op = operation as (typeof FLEET_OPERATIONS)[number];
  const shards = values.shard?.flatMap((s) => s.split(",")).map((s) => Number(s.trim()));
  const settings = readFleetSettings(values.settings);
  const budget = fleetBudgetOf(settings);
  const options = { shards, base: values.base, breakStaleLocks: values["break-stale-locks"], budget };
  if (op === "up" && budget !== undefined && !values["skip-preview"]) {
    // Stack policies judge an update only after it is applied (the Automation API's up skips the
    // preview), and each shard's pack sees only its shard: the fleet's budget is judged here first.
    const planned = await runFleet(settings, "preview", options);
    const verdicts = fleetBudgetVerdicts(
      planned.map((r) => r.spend),
      budget,
    );
    if (verdicts.some((v) => v.startsWith("mandatory"))) {
      process.stdout.write(
        fleetSummary(
          "preview",
          planned,
          "Nothing was applied: the changes are over the fleet's credit budget.",
          budget,
        ),
      );
      return 1;
    }
    process.stderr.write(
      `[fleet] credit budget: ${verdicts.length === 0 ? "within budget" : verdicts.join("; ")}\n`,
    );
  }
  const results = await runFleet(settings, op, options);
  const note =
    values.base === undefined
      ? undefined
      : `Only the shards of the customers that differ from ${values.base} ran: ${results.length} of ${settings.shards}; ` +
        "every other customer is declared as before.";
  process.stdout.write(fleetSummary(op, results, note, budget));
  if (values.json)
    fs.writeFileSync(values.json, `${JSON.stringify({ operation: op, shards: results }, null, 2)}\n`);
  // Up's own summary judges what was applied; only a preview's fleet-wide verdict still stops anything.
  return failed(results, op === "preview" ? budget : undefined) ? 1 : 0;
}

/** Whether a shard failed or, given a budget, the shards' spends together are over it (mandatory). */
function failed(results: readonly ShardResult[], budget: FleetBudget | undefined): boolean {
  if (results.some((r) => r.status === "failed")) return true;
  if (budget === undefined) return false;
  return fleetBudgetVerdicts(
    results.map((r) => r.spend),
    budget,
  ).some((v) => v.startsWith("mandatory"));
}
