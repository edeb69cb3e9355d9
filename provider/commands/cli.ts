#!/usr/bin/env node
/**
 * The package's command (`npx pulumi-mailreseller …`):
 *
 *   pulumi-mailreseller import-plan --vendor outmail|partner|resellerclub|mailup|mailpartner|all --out FILE
 *     [--resellerclub-orders ID,ID] [--mailup-accounts ID,ID] [--import-file FILE]
 *   pulumi-mailreseller sandbox [--port N] [--help] …   the local simulator of the vendor APIs
 *   pulumi-mailreseller unprotect --allow FILE [--stack NAME] [--dry-run]   approved deletions
 *   pulumi-mailreseller drift-report [--stack NAME] [--from FILE] [--out FILE]   drift, as Markdown
 *   pulumi-mailreseller fleet preview|up|refresh|destroy [--settings FILE] [--shard N] [--base FILE] [--json FILE]
 *   pulumi-mailreseller fleet reshard [--settings FILE] [--dry-run]
 *   pulumi-mailreseller fleet gather FILE… [--settings FILE] [--out FILE]   one summary from the shards' --json results
 *
 * import-plan reads the credentials from the same environment variables as the provider (MAILRESELLER_*).
 * unprotect and drift-report work on the Pulumi project in the current folder through the Automation API
 * (./workspace), with the `pulumi` CLI on PATH.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

import { driftFromEvents, driftMarkdown, parseEventLines, previewRefreshEvents } from "./drift-report";
import {
  IMPORT_PLAN_VENDORS,
  type ImportPlanVendor,
  buildImportPlan,
  orphansOf,
  pulumiImportFile,
} from "./import-plan";
import { unprotectApproved } from "./unprotect";
import { DEFAULT_SETTINGS_FILE } from "./fleet/settings";
import { vendorNamed } from "../core/protocol/vendors";

const USAGE = `Usage: pulumi-mailreseller import-plan --vendor VENDOR --out FILE [options]
       pulumi-mailreseller sandbox [options]   (the vendor APIs' simulator; --help lists its flags)
       pulumi-mailreseller unprotect --allow FILE [--stack NAME] [--dry-run]
       pulumi-mailreseller drift-report [--stack NAME] [--from FILE] [--out FILE]
       pulumi-mailreseller fleet preview|up|refresh|destroy [--settings FILE] [--shard N] [--base FILE]
                                  [--json FILE] [--skip-preview]
       pulumi-mailreseller fleet reshard [--settings FILE] [--dry-run]
       pulumi-mailreseller fleet gather FILE… [--settings FILE] [--out FILE]

Reads the live objects at the vendors and writes a plan (JSON) that examples/fleet turns into resources
with \`adopt\` set: \`pulumi up\` then takes them over without writing anything at the vendors.

  --vendor V                ${IMPORT_PLAN_VENDORS.join(" | ")} | all (repeatable); partner reads the Partner
                            API: its outMail services and its live services of every other product
                            (outmail is another name for it)
  --out FILE                where to write the plan
  --resellerclub-orders IDS the ResellerClub orders to read (comma-separated): accounts are listed per order
  --mailup-accounts IDS     the MailUp account ids to read (comma-separated): MailUp has no list call
  --import-file FILE        also write the plan as Pulumi's bulk import file for the native provider's
                            types (mailreseller:<module>:<Type>), for \`pulumi import --file FILE\`
  --orphans                 keep only the objects that none of the --state files knows (after a crash)
  --state FILE              a \`pulumi stack export\` of a stack that manages these vendors (repeatable)

Credentials: the MAILRESELLER_* environment variables of the provider (see the README's configuration table).

unprotect clears \`protect\` (set by the deletion guard) on the protected resources of the current stack that
a dated allow-list approves, so the next \`pulumi up\` may delete them; nothing else is unprotected.

  --allow FILE              a JSON array of {"name" | "urn", "expires": "YYYY-MM-DD", "reason"} entries, or
                            a data file whose "approvedDeletions" holds them
  --stack NAME              the stack (default: the current one)
  --dry-run                 say what would be unprotected, change nothing

drift-report runs \`pulumi preview --refresh\` on the current project (nothing is written) and writes a
Markdown report: per resource, what differs at the vendor and what the next \`pulumi up\` would do about it
(revert, recreate and bill again, or nothing). Exits 1 when anything drifted, 0 when nothing did.

  --stack NAME              the stack (default: the current one)
  --from FILE               read the events of a \`pulumi preview --refresh --json\` run instead (JSON lines,
                            as the CLI prints them with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true)
  --out FILE                also write the report there (it always goes to stdout)

fleet runs an operation on every shard of a fleet: the customers of its data file, split over its shards'
stacks by the shard rule, on the state backend they share, a few shards at once (the settings file's
"concurrency"). It shows progress while it runs and ends with one summary (Markdown, on stdout): per
shard what changed, the policy verdicts and what the changes spend. Exits 1 when any shard failed (a
blocked preview included) or, for a preview, when the shards' spends together are over the credit budget;
0 otherwise.

  --settings FILE           the fleet settings (default: ${DEFAULT_SETTINGS_FILE} in the current folder)
  --shard N                 only this shard (repeatable): one CI job per shard
  --base FILE               the base branch's data file: only the shards of the customers that differ
                            from it run (a pull request's preview)
  --break-stale-locks       clear a shard's lock even when its run cannot be proven dead (another host);
                            safe only where one run per shard is possible at a time (a CI concurrency group)
  --json FILE               also write each shard's result as JSON (for a job that gathers the shards)
  --skip-preview            up: apply without first previewing the shards to judge the fleet's budget

The credit budget is the policy pack's (its "credit-budget" config, allow-list and enforcement level, when
the settings run this package's pack), judged over every shard a run touches together: up first previews
them and applies nothing when their changes together are over it.

A shard that a dead run left locked is unlocked when the lock's process is gone from this host, and the
dead run's pending creates are cleared once \`up\` has taken their objects over.

fleet reshard moves every customer to the stack the rule gives it under the settings' "shards" (after a
change of it), through state alone (\`pulumi state move\`): no vendor is called. It reads where each
customer is from the stacks' state, so it is safe to run again after it was killed. Until it has run,
the other fleet operations refuse to run.

  --dry-run                 print what would move, change nothing

fleet gather prints one summary of the --json results of several fleet runs (one CI job per shard), with
the credit budget judged over all of them (from --settings, when that file exists), and exits 1 when any
shard failed or their spends together are over the budget.

  --out FILE                also write the summary there (a pull-request comment's body)
`;

async function driftReport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: "string" },
      from: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const events = values.from
    ? parseEventLines(fs.readFileSync(values.from, "utf8"))
    : await previewRefreshEvents(values.stack);
  const drift = driftFromEvents(events);
  const markdown = driftMarkdown(drift, values.stack);
  if (values.out) fs.writeFileSync(values.out, markdown);
  process.stdout.write(markdown);
  return drift.length > 0 ? 1 : 0;
}

async function unprotect(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      allow: { type: "string" },
      stack: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.allow) {
    process.stderr.write(`--allow is required\n\n${USAGE}`);
    return 2;
  }
  const { report } = await unprotectApproved({
    allowFile: values.allow,
    stack: values.stack,
    dryRun: values["dry-run"],
  });
  process.stdout.write(report);
  return 0;
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

async function importPlan(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      vendor: { type: "string", multiple: true },
      out: { type: "string" },
      "resellerclub-orders": { type: "string" },
      "mailup-accounts": { type: "string" },
      "import-file": { type: "string" },
      orphans: { type: "boolean", default: false },
      state: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const requested = (values.vendor ?? []).map((v) => vendorNamed(v) ?? v);
  const unknown = requested.filter(
    (v) => v !== "all" && !(IMPORT_PLAN_VENDORS as readonly string[]).includes(v),
  );
  const orphansWithoutState = values.orphans && !values.state?.length;
  if (requested.length === 0 || unknown.length > 0 || !values.out || orphansWithoutState) {
    process.stderr.write(
      `${unknown.length > 0 ? `unknown vendor ${unknown.join(", ")}\n` : ""}${!values.out ? "--out is required\n" : ""}${requested.length === 0 ? "--vendor is required\n" : ""}${orphansWithoutState ? "--orphans needs at least one --state FILE (pulumi stack export)\n" : ""}\n${USAGE}`,
    );
    return 2;
  }
  const vendors = requested.includes("all")
    ? [...IMPORT_PLAN_VENDORS]
    : IMPORT_PLAN_VENDORS.filter((v) => requested.includes(v));
  const read = await buildImportPlan({
    vendors: vendors as ImportPlanVendor[],
    resellerclubOrderIds: list(values["resellerclub-orders"]),
    mailupAccountIds: list(values["mailup-accounts"]),
  });
  const plan = values.orphans
    ? orphansOf(
        read,
        (values.state ?? []).map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as unknown),
      )
    : read;
  fs.writeFileSync(values.out, `${JSON.stringify(plan, null, 2)}\n`);
  const byType = new Map<string, number>();
  for (const r of plan.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const lines = [`wrote ${plan.resources.length} resources to ${values.out}`];
  for (const [type, n] of byType) lines.push(`  ${type}: ${n}`);
  const importFile = values["import-file"];
  if (importFile) {
    fs.writeFileSync(importFile, `${JSON.stringify(pulumiImportFile(plan), null, 2)}\n`);
    lines.push(
      `wrote them to ${importFile} for the native provider: \`pulumi import --file ${importFile}\` imports them ` +
        "(protected) and prints their program; give each write-only secret below its config key there, and " +
        'fill in what an entry lists under "missing" in the plan',
    );
  }
  const secrets = plan.resources.flatMap((r) => Object.values(r.secrets ?? {}));
  if (secrets.length > 0) {
    lines.push(
      `${secrets.length} write-only secrets are read from stack config; set each with \`pulumi config set --secret KEY …\`:`,
      ...secrets.map((k) => `  ${k}`),
    );
  }
  for (const note of plan.notes) lines.push(`note: ${note}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/**
 * The sandbox ships compiled beside the package (bin/sandbox, built from sandbox/; this file is
 * bin/commands/cli.js); it is loaded only for this command, so the provider never loads its server.
 */
function sandbox(argv: string[]): void {
  const entry = path.join(__dirname, "..", "sandbox", "main.js");
  // A run-time path outside provider/ (compiled separately), so not an import the compiler can follow.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runSandboxCommand } = require(entry) as { runSandboxCommand(argv: readonly string[]): void };
  runSandboxCommand(argv);
}

async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (command === "fleet") return (await import("./fleet/command")).fleetCommand(rest, USAGE);
  if (command === "import-plan") return importPlan(rest);
  if (command === "unprotect") return unprotect(rest);
  if (command === "drift-report") return driftReport(rest);
  if (command === "sandbox") {
    sandbox(rest);
    return undefined; // it runs until SIGINT/SIGTERM and sets its own exit code
  }
  process.stderr.write(
    command === undefined || command === "--help" || command === "-h"
      ? USAGE
      : `unknown command ${command}\n\n${USAGE}`,
  );
  return command === "--help" || command === "-h" ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pulumi-mailreseller: ${err instanceof Error ? err.message : String(err)}\n`);
    // 2, not 1: drift-report exits 1 for "drift found", which a pipeline must tell from "could not look".
    process.exitCode = 2;
  },
);
