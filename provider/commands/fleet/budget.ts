/**
 * The credit budget over the whole fleet (issue 23, item 7): what a run's changes spend is added up over
 * every shard it touches and judged once, with the policy pack's own credit-budget config, allow-list and
 * enforcement level. The pack, run in each shard, can only see that shard: ten shards each under budget
 * may be ten times over it together.
 *
 * The spend of each change comes from the shard's engine events: a step that creates or updates a resource
 * carries its checked inputs, where check wrote the pending spend (provider/core/protocol/
 * policy-facts-protocol.ts). An amount preview cannot know (a tariff whose cost could not be read) blocks,
 * as the pack does.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import type { EngineEvent } from "@pulumi/pulumi/automation";

import { type AllowEntry, allowance } from "../../core/protocol/allow-list";
import {
  type Budget,
  type SpendTotals,
  type SpendUnit,
  addSpend,
  noSpend,
  overBudget,
} from "../../core/protocol/credit-budget";
import { isUnknownValue, pendingSpend } from "../../core/protocol/policy-facts-protocol";
import { CommandError } from "../../core/transport/errors";
import type { FleetSettings } from "./settings";

/** The package name of this package's policy pack (policy/package.json), how the settings' pack is found. */
const OUR_PACK = "mailreseller-policy";

/** The fleet's budget: the credit-budget config the settings give our policy pack. */
export interface FleetBudget {
  budget: Budget;
  allow: AllowEntry[];
  level: "mandatory" | "advisory";
}

/**
 * What one shard's changes spend: the exact totals, the first resources by name and how many more there
 * are (a fleet's first `up` creates thousands), and the changes whose amount preview does not know.
 */
export interface ShardSpend {
  totals: SpendTotals;
  more: Record<SpendUnit, number>;
  unknown: string[];
}

/** At most this many resources are named per shard and unit. */
const NAMED_PER_SHARD = 10;

export function noShardSpend(): ShardSpend {
  return { totals: noSpend(), more: { "partner credits": 0, EUR: 0 }, unknown: [] };
}

/** The steps that make a change cost something: a replacement is counted at its create. */
const CHARGING_OPS = new Set(["create", "update", "create-replacement"]);

/** Adds the spend of the change an engine event announces (a step's pre-event) to the shard's. */
export function countSpend(
  event: EngineEvent,
  into: ShardSpend,
  budget: FleetBudget | undefined,
  now = new Date(),
): void {
  const step = event.resourcePreEvent?.metadata;
  if (step === undefined || !CHARGING_OPS.has(step.op) || step.new?.inputs === undefined) return;
  const spend = pendingSpend(step.new.inputs as Record<string, unknown>);
  if (spend === undefined) return;
  const name = step.urn.slice(step.urn.lastIndexOf("::") + 2);
  if (allowance(budget?.allow, { urn: step.urn, name }, now).allowed) return;
  if (isUnknownValue(spend.amount) || typeof spend.amount !== "number") {
    into.unknown.push(name);
    return;
  }
  const unit = into.totals[spend.unit];
  if (unit.parts.length < NAMED_PER_SHARD || !(spend.amount > 0)) {
    addSpend(into.totals, name, spend);
  } else {
    unit.amount += spend.amount;
    into.more[spend.unit] += 1;
  }
}

/**
 * The budget of the fleet: the "credit-budget" section of the config file the settings pair with this
 * package's policy pack (the pack's defaults when there is none), or undefined when the fleet runs without
 * the pack or the pack's config disables the policy.
 */
export function fleetBudgetOf(
  settings: Pick<FleetSettings, "policyPacks" | "policyPackConfigs">,
): FleetBudget | undefined {
  const index = settings.policyPacks.findIndex((pack) => packName(pack) === OUR_PACK);
  if (index < 0) return undefined;
  const configFile = settings.policyPackConfigs[index];
  let config: Record<string, unknown> = {};
  if (configFile !== undefined) {
    try {
      config = JSON.parse(fs.readFileSync(configFile, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new CommandError(`cannot read the policy pack config ${configFile}: ${(err as Error).message}`);
    }
  }
  const section = config["credit-budget"];
  const all = config.all;
  const levelOf = (v: unknown): unknown =>
    typeof v === "string"
      ? v
      : v !== null && typeof v === "object"
        ? (v as { enforcementLevel?: unknown }).enforcementLevel
        : undefined;
  const level = levelOf(section) ?? levelOf(all) ?? "mandatory";
  if (level === "disabled") return undefined;
  const given =
    section !== null && typeof section === "object" ? (section as Budget & { allow?: AllowEntry[] }) : {};
  return {
    budget: given,
    allow: Array.isArray(given.allow) ? given.allow : [],
    level: level === "advisory" ? "advisory" : "mandatory",
  };
}

/** A pack's name, from its folder's package.json (a pack may be given as its executable, e.g. run-policy-pack). */
function packName(pack: string): string | undefined {
  try {
    const dir = fs.statSync(pack).isDirectory() ? pack : path.dirname(pack);
    return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** The fleet's verdicts: the shards' spends summed and judged once (empty when within budget). */
export function fleetBudgetVerdicts(
  spends: readonly (ShardSpend | undefined)[],
  budget: FleetBudget,
): string[] {
  const unknown = spends.flatMap((s) => s?.unknown ?? []);
  const verdicts = overBudget(
    sumSpends(spends),
    budget.budget,
    "This fleet run, over every shard it touches,",
    "Raise the budget, spread the change over several runs, or allow-list a resource.",
  );
  if (unknown.length > 0) {
    verdicts.push(
      `credit-budget cannot add up this fleet run: what ${unknown.slice(0, NAMED_PER_SHARD).join(", ")}` +
        `${unknown.length > NAMED_PER_SHARD ? ` and ${unknown.length - NAMED_PER_SHARD} more` : ""} would spend ` +
        "is not known during preview, so it is blocked rather than waved through.",
    );
  }
  return verdicts.map((v) => `${budget.level} credit-budget (fleet): ${v}`);
}

/** The shards' spends added up, the unnamed resources counted in one entry per unit. */
export function sumSpends(spends: readonly (ShardSpend | undefined)[]): SpendTotals {
  const totals = noSpend();
  for (const unit of Object.keys(totals) as SpendUnit[]) {
    let more = 0;
    for (const spend of spends) {
      if (spend === undefined) continue;
      totals[unit].amount += spend.totals[unit].amount;
      totals[unit].parts.push(...spend.totals[unit].parts);
      more += spend.more[unit];
    }
    if (more > 0) totals[unit].parts.push(`… ${more} more`);
  }
  return totals;
}
