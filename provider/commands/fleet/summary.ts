/**
 * The one summary a fleet run ends with: per shard what changed, what the policy packs said and, for a
 * failed shard, why; then the totals. Markdown, so the same text reads in a terminal, a CI log and a
 * pull-request comment.
 */
import * as fs from "node:fs";

import { CommandError } from "../../core/transport/errors";
import type { SpendTotals, SpendUnit } from "../../core/protocol/credit-budget";
import { type FleetBudget, fleetBudgetVerdicts, sumSpends } from "./budget";
import type { FleetOperation, ShardResult } from "./run";

/** Change kinds in the order a reader looks for them. */
const KINDS = ["create", "update", "replace", "delete", "same"] as const;

function count(r: ShardResult, kind: string): number {
  return r.changes[kind] ?? 0;
}

/** A spend as a reader wants it: "60 partner credits, 10 EUR", or empty for none. */
function spent(totals: SpendTotals | undefined): string {
  if (totals === undefined) return "";
  return (Object.keys(totals) as SpendUnit[])
    .filter((unit) => totals[unit].amount > 0)
    .map((unit) => `${totals[unit].amount} ${unit}`)
    .join(", ");
}

/**
 * `note`: a line under the title, e.g. which shards a pull request's change left untouched. `budget`: the
 * fleet's credit budget, whose verdict on the shards' spends together the summary gives.
 */
export function fleetSummary(
  operation: FleetOperation,
  results: readonly ShardResult[],
  note?: string,
  budget?: FleetBudget,
): string {
  const ran = results.filter((r) => r.status !== "skipped");
  const failed = results.filter((r) => r.status === "failed");
  const lines = [
    `## pulumi-mailreseller fleet ${operation}: ${ran.length - failed.length} of ${ran.length} shards succeeded` +
      (failed.length > 0 ? `, ${failed.length} failed` : "") +
      (results.length > ran.length ? ` (${results.length - ran.length} empty, skipped)` : ""),
    ...(note !== undefined ? ["", note] : []),
    "",
    `| shard | stack | customers | result | ${KINDS.join(" | ")} | policy | spend | seconds |`,
    `|---|---|---|---|${KINDS.map(() => "---|").join("")}---|---|---|`,
  ];
  for (const r of results) {
    const mandatory = r.policy.filter((p) => p.startsWith("mandatory")).length;
    const policy =
      r.policy.length === 0 ? "" : `${mandatory} mandatory, ${r.policy.length - mandatory} advisory`;
    lines.push(
      `| ${r.shard} | ${r.stack} | ${r.customers} | ${r.status} | ${KINDS.map((k) => count(r, k)).join(" | ")} | ` +
        `${policy} | ${spent(r.spend?.totals)} | ${r.seconds.toFixed(1)} |`,
    );
  }
  const total = (kind: string) => results.reduce((sum, r) => sum + count(r, kind), 0);
  const spends = results.map((r) => r.spend);
  lines.push(
    `| all | | ${results.reduce((s, r) => s + r.customers, 0)} | | ${KINDS.map(total).join(" | ")} | | ` +
      `${spent(sumSpends(spends))} | |`,
  );
  if (budget !== undefined) {
    const verdicts = fleetBudgetVerdicts(spends, budget);
    lines.push(
      "",
      "### Credit budget, over every shard",
      "",
      ...(verdicts.length > 0
        ? verdicts.map((v) => `- ${v}`)
        : [`- within budget: ${spent(sumSpends(spends)) || "nothing"} spent by the shards together`]),
    );
  }
  const recovered = results.flatMap((r) => (r.recovered ?? []).map((line) => `- ${r.stack}: ${line}`));
  if (recovered.length > 0) lines.push("", "### Recovered from a dead run", "", ...recovered);
  const verdicts = results.flatMap((r) => r.policy.map((p) => `- ${r.stack}: ${p}`));
  if (verdicts.length > 0) lines.push("", "### Policy verdicts", "", ...verdicts);
  if (failed.length > 0) {
    lines.push("", "### Failed shards", "");
    for (const r of failed) {
      lines.push(`- **${r.stack}** (log: ${r.log}):`, "", "  ```", ...indent(r.error ?? ""), "  ```");
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The error's last lines, where the CLI says what failed, indented into the list item. */
function indent(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-12)
    .map((l) => `  ${l}`);
}

/**
 * The results of several runs of one operation (`--json` files, one per CI job and shard) as one list in
 * shard order: what the last job of a workflow turns into one pull-request comment.
 */
export function gatherResults(files: readonly string[]): {
  operation: FleetOperation;
  shards: ShardResult[];
} {
  let operation: FleetOperation | undefined;
  const shards: ShardResult[] = [];
  for (const file of files) {
    let data: { operation?: FleetOperation; shards?: ShardResult[] };
    try {
      data = JSON.parse(fs.readFileSync(file, "utf8")) as typeof data;
    } catch (err) {
      throw new CommandError(`cannot read the fleet result ${file}: ${(err as Error).message}`);
    }
    if (data.operation === undefined || !Array.isArray(data.shards)) {
      throw new CommandError(`${file} is not a result of \`pulumi-mailreseller fleet … --json\``);
    }
    if (operation !== undefined && data.operation !== operation) {
      throw new CommandError(`${file} holds the results of ${data.operation}, the others of ${operation}`);
    }
    operation = data.operation;
    shards.push(...data.shards);
  }
  if (operation === undefined) throw new CommandError("no result files given");
  return { operation, shards: shards.sort((a, b) => a.shard - b.shard) };
}
