/**
 * `pulumi-mailreseller fleet …`: its flags, and which of the fleet's operations each subcommand runs
 * (./run for preview, up, refresh and destroy; ./reshard; ./summary for gather). The dispatcher
 * (../cli.ts) loads this module only for `fleet`, since the Automation API takes half a second to load.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";

import { reshardFleet } from "./reshard";
import { FLEET_OPERATIONS, runFleet } from "./run";
import { DEFAULT_SETTINGS_FILE, readFleetSettings } from "./settings";
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
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (operation === "gather") {
    const gathered = gatherResults(positionals);
    const summary = fleetSummary(gathered.operation, gathered.shards);
    process.stdout.write(summary);
    if (values.out) fs.writeFileSync(values.out, summary);
    return gathered.shards.some((r) => r.status === "failed") ? 1 : 0;
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
  const results = await runFleet(settings, op, {
    shards,
    base: values.base,
    breakStaleLocks: values["break-stale-locks"],
  });
  const note =
    values.base === undefined
      ? undefined
      : `Only the shards of the customers that differ from ${values.base} ran: ${results.length} of ${settings.shards}; ` +
        "every other customer is declared as before.";
  process.stdout.write(fleetSummary(op, results, note));
  if (values.json)
    fs.writeFileSync(values.json, `${JSON.stringify({ operation: op, shards: results }, null, 2)}\n`);
  return results.some((r) => r.status === "failed") ? 1 : 0;
}
