/**
 * `pulumi-mailreseller unprotect --allow FILE [--stack NAME] [--dry-run]`: the reviewed way to delete
 * guarded resources. It clears `protect` (which the deletion guard sets on every billable resource, and the
 * policy pack's `deletion-guard` requires of the native provider's) on exactly the resources a dated
 * allow-list approves, so the next `pulumi up` may delete or replace them; every other protected resource
 * stays protected, and the engine keeps refusing to delete it. It reads no type token, so it acts on both
 * the classes' resources and the native provider's.
 *
 * The allow-list is the policy pack's format (`{"name" | "urn", "expires": "YYYY-MM-DD", "reason"}`),
 * given as a JSON array or as the `approvedDeletions` list of a data file (the GitOps example keeps it
 * beside the fleet, so the removal and its approval are one reviewed change). It works on the current
 * project through the Automation API (./workspace): the stack's export to find the resources, then
 * `pulumi state unprotect` to clear the flag (nothing is sent to a vendor).
 */
import * as fs from "node:fs";

import { z } from "zod";

import { type AllowEntry, allowance } from "../core/protocol/allow-list";
import { nameOfUrn } from "../core/protocol/urn";
import { CommandError } from "../core/transport/errors";

const allowEntrySchema = z
  .object({
    urn: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD"),
    reason: z.string().optional(),
  })
  .refine((e) => e.urn !== undefined || e.name !== undefined, "needs a name or a urn");

const allowFileSchema = z.union([
  z.array(allowEntrySchema),
  z
    .object({ approvedDeletions: z.array(allowEntrySchema).default([]) })
    .transform((f) => f.approvedDeletions),
]);

/** Reads an allow-list file: a JSON array of entries, or an object with `approvedDeletions`. */
export function readAllowList(file: string): AllowEntry[] {
  const parsed = allowFileSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CommandError(`${file}: ${issue.path.join(".") || "the file"} ${issue.message}`);
  }
  return parsed.data;
}

/** A protected resource the allow-list names. */
export interface Approval {
  urn: string;
  name: string;
  entry: AllowEntry;
}

/** What the allow-list says about a stack's protected resources. */
export interface UnprotectPlan {
  /** Covered by an entry that has not expired: to be unprotected. */
  approved: Approval[];
  /** Named only by expired entries: left protected. */
  expired: Approval[];
}

/** Which of a deployment's protected resources the allow-list approves for deletion today. */
export function planUnprotect(
  resources: readonly { urn: string; protect?: boolean }[],
  entries: readonly AllowEntry[],
  now: Date,
): UnprotectPlan {
  const plan: UnprotectPlan = { approved: [], expired: [] };
  for (const r of resources) {
    if (r.protect !== true) continue;
    const subject = { urn: r.urn, name: nameOfUrn(r.urn) };
    const verdict = allowance(entries, subject, now);
    if (verdict.allowed) plan.approved.push({ ...subject, entry: verdict.entry });
    else if (verdict.expired) plan.expired.push({ ...subject, entry: verdict.expired });
  }
  return plan;
}

export interface UnprotectOptions {
  allowFile: string;
  stack?: string;
  /** Print the plan without changing the state. */
  dryRun?: boolean;
  now?: Date;
}

/** Runs the command: reads the stack, unprotects what is approved, and says what it did. */
export async function unprotectApproved(
  options: UnprotectOptions,
): Promise<{ plan: UnprotectPlan; report: string }> {
  const entries = readAllowList(options.allowFile);
  const { projectStack, stackResources, unprotectResources } = await import("./workspace");
  const project = await projectStack(options.stack);
  const plan = planUnprotect(await stackResources(project), entries, options.now ?? new Date());
  const lines: string[] = [];
  for (const a of plan.approved) {
    lines.push(
      `${options.dryRun ? "would unprotect" : "unprotected"} ${a.name}: approved until ${a.entry.expires}` +
        `${a.entry.reason ? ` (${a.entry.reason})` : ""} — ${a.urn}`,
    );
  }
  for (const e of plan.expired) {
    lines.push(`left protected ${e.name}: its allow-list entry expired on ${e.entry.expires} — ${e.urn}`);
  }
  if (plan.approved.length === 0) lines.push("no protected resource is approved for deletion");
  if (!options.dryRun && plan.approved.length > 0) {
    await unprotectResources(
      project,
      plan.approved.map((a) => a.urn),
    );
  }
  return { plan, report: `${lines.join("\n")}\n` };
}
