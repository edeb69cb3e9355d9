/**
 * Resharding: every customer to the stack the rule gives it under the current settings, through state
 * alone (`pulumi state move`), so no vendor sees a delete or a create. Where each customer sits is read
 * from the stacks' state, not assumed from the previous settings, which is what makes the command safe to
 * run again after it was killed midway:
 *
 * - a customer already in its stack stays;
 * - a customer found in two stacks is the trace of a move killed between its two writes (`state move`
 *   writes the destination first, then the source): the copy outside its stack is dropped from that
 *   stack's state (`pulumi state delete`, which calls no provider);
 * - every other customer moves, with its children, one `state move` per pair of stacks.
 *
 * Only when every customer sits where the rule puts it does each stack get the new layout tag, which the
 * other operations wait for (./backend).
 */
import type { LocalWorkspace } from "@pulumi/pulumi/automation";

import { nameOfUrn } from "../../core/protocol/urn";
import { CommandError } from "../../core/transport/errors";
import { failure, pulumiCli } from "../workspace";
import { LAYOUT_TAG, existingStacks, fleetWorkspace, inParallel, layoutOf } from "./backend";
import { CUSTOMER_TYPE } from "./program";
import { type FleetSettings, stackOf } from "./settings";
import { shardOf } from "./shards";

/** A customer's component in one stack. */
interface Placement {
  customer: string;
  stack: string;
  urn: string;
  /** The component and its descendants. */
  resources: number;
}

export interface ReshardPlan {
  layout: string;
  /** Customers to move, each with its resources. */
  moves: (Placement & { to: string })[];
  /** Copies left by a killed move, dropped from the stack that should not hold them. */
  drops: (Placement & { keptIn: string })[];
  /** Customers already where the rule puts them. */
  staying: number;
  /** Stacks the rule no longer uses that will be left empty (remove them with `pulumi stack rm`). */
  emptied: string[];
}

interface StateResource {
  urn: string;
  type: string;
  parent?: string;
}

async function stateOf(workspace: LocalWorkspace, stack: string): Promise<StateResource[]> {
  try {
    const exported = await workspace.exportStack(stack);
    return (exported.deployment as { resources?: StateResource[] } | undefined)?.resources ?? [];
  } catch (err) {
    throw new CommandError(`cannot read the state of stack ${stack}: ${failure(err).message}`);
  }
}

function placementsOf(stack: string, resources: readonly StateResource[]): Placement[] {
  const children = groupBy(
    resources.filter((r) => r.parent !== undefined),
    (r) => r.parent!,
  );
  const count = (urn: string): number => 1 + (children.get(urn) ?? []).reduce((n, c) => n + count(c.urn), 0);
  return resources
    .filter((r) => r.type === CUSTOMER_TYPE)
    .map((r) => ({ customer: nameOfUrn(r.urn), stack, urn: r.urn, resources: count(r.urn) }));
}

/** Reads every stack's state and works out what must move; changes nothing. */
export async function planReshard(
  settings: FleetSettings,
  workspace: LocalWorkspace,
): Promise<{ plan: ReshardPlan; stacks: string[] }> {
  const stacks = await existingStacks(workspace);
  const states = await inParallel(stacks, 4, (stack) => stateOf(workspace, stack));
  const byCustomer = groupBy(
    stacks.flatMap((stack, i) => placementsOf(stack, states[i])),
    (p) => p.customer,
  );
  const plan: ReshardPlan = { layout: layoutOf(settings), moves: [], drops: [], staying: 0, emptied: [] };
  for (const [customer, placements] of byCustomer) {
    const to = stackOf(settings, shardOf(customer, settings.shards));
    const inPlace = placements.find((p) => p.stack === to);
    // Kept: the copy already in its stack, else the first copy found, which moves there.
    const kept = inPlace ?? placements[0];
    for (const p of placements) if (p !== kept) plan.drops.push({ ...p, keptIn: kept.stack });
    if (inPlace) plan.staying++;
    else plan.moves.push({ ...kept, to });
  }
  const inUse = new Set(Array.from({ length: settings.shards }, (_, n) => stackOf(settings, n)));
  // Every customer's stack is one of the layout's, so a stack outside it ends up empty.
  plan.emptied = stacks.filter((s) => !inUse.has(s));
  return { plan, stacks };
}

/** URNs per `state` call: the command line stays well under any system's limit. */
const BATCH = 200;

function batches<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) =>
    items.slice(i * BATCH, (i + 1) * BATCH),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

/** Carries the plan out: drops, then moves, then the new layout tag on every stack. */
export async function applyReshard(
  settings: FleetSettings,
  workspace: LocalWorkspace,
  plan: ReshardPlan,
  stacks: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  for (const [stack, drops] of groupBy(plan.drops, (d) => d.stack)) {
    for (const batch of batches(drops)) {
      log(`dropping ${batch.length} customer copies a killed move left in ${stack}`);
      await pulumiCli(workspace, [
        "state",
        "delete",
        "--stack",
        stack,
        "--yes",
        "--force",
        "--target-dependents",
        ...batch.map((d) => d.urn),
      ]);
    }
  }
  const existing = new Set(stacks);
  for (const to of new Set(plan.moves.map((m) => m.to))) {
    if (existing.has(to)) continue;
    log(`creating stack ${to}`);
    await workspace.createStack(to);
    existing.add(to);
  }
  for (const [pair, moves] of groupBy(plan.moves, (m) => `${m.stack}\0${m.to}`)) {
    const [from, to] = pair.split("\0");
    for (const batch of batches(moves)) {
      log(
        `moving ${batch.length} customers (${batch.reduce((n, m) => n + m.resources, 0)} resources) ${from} → ${to}`,
      );
      await pulumiCli(workspace, [
        "state",
        "move",
        "--source",
        from,
        "--dest",
        to,
        "--yes",
        ...batch.map((m) => m.urn),
      ]);
    }
  }
  await inParallel([...existing], 8, (stack) => workspace.setTag(stack, LAYOUT_TAG, plan.layout));
}

/** The plan as Markdown, for the operator and a pull request. */
export function reshardSummary(plan: ReshardPlan, applied: boolean): string {
  const lines = [
    `## pulumi-mailreseller fleet reshard to ${plan.layout}${applied ? "" : " (dry run: nothing changed)"}`,
    "",
    `${plan.moves.length} customers ${applied ? "moved" : "to move"} (${plan.moves.reduce((n, m) => n + m.resources, 0)} resources), ` +
      `${plan.drops.length} copies from a killed move ${applied ? "dropped" : "to drop"}, ${plan.staying} staying. ` +
      "Through state only: no vendor is called.",
  ];
  if (plan.moves.length > 0) {
    lines.push("", "| customer | from | to | resources |", "|---|---|---|---|");
    for (const m of plan.moves) lines.push(`| ${m.customer} | ${m.stack} | ${m.to} | ${m.resources} |`);
  }
  if (plan.drops.length > 0) {
    lines.push("", "| customer | copy dropped from | kept in |", "|---|---|---|");
    for (const d of plan.drops) lines.push(`| ${d.customer} | ${d.stack} | ${d.keptIn} |`);
  }
  if (plan.emptied.length > 0) {
    lines.push(
      "",
      `Left empty, outside the layout: ${plan.emptied.join(", ")} (remove with \`pulumi stack rm\`).`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `fleet reshard`: plans, prints the plan, and (unless a dry run) carries it out. */
export async function reshardFleet(
  settings: FleetSettings,
  options: { dryRun: boolean; log: (line: string) => void },
): Promise<{ plan: ReshardPlan; summary: string }> {
  const workspace = await fleetWorkspace(settings);
  const { plan, stacks } = await planReshard(settings, workspace);
  if (!options.dryRun) await applyReshard(settings, workspace, plan, stacks, options.log);
  return { plan, summary: reshardSummary(plan, !options.dryRun) };
}
