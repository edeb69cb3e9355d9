/**
 * `pulumi-mailreseller drift-report`: drift detection for stacks on DIY backends (file, S3, PostgreSQL),
 * which have no Pulumi Cloud drift detection. It previews a refresh against the real stack through the
 * Automation API (./workspace: `Stack.preview({ refresh: true, onEvent })`, the engine's event stream;
 * nothing is written to the state or to a vendor) and turns it into a Markdown report: per resource, what differs at the vendor, and what the
 * next `pulumi up` would do about it. The command exits 1 when anything drifted, so a scheduled pipeline
 * fails and someone looks.
 *
 * The refresh events carry each resource's state before (`old`) and after (`new`, absent when the vendor
 * no longer has it) the vendor was read; the preview's steps that follow say what `up` would then do to
 * converge on the program: an update reverts the vendor's change, a create recreates (and bills again)
 * what was deleted, no step means the program already matches the vendor.
 */

import { changed } from "../core/resource/changed";
import { labelOfType, shortType } from "../core/protocol/type-tokens";
import { nameOfUrn } from "../core/protocol/urn";
import { CommandError } from "../core/transport/errors";

/**
 * Bookkeeping the package keeps in state: never drift (the dynamic provider's serialized provider, which a
 * native resource's state does not have; the policy pack's facts).
 */
const BOOKKEEPING = new Set(["__provider", "policyFacts", "plainSecretInputs", "tariffCredits"]);

/**
 * The engine events the report reads: the Automation API's, or the same events as JSON lines of
 * `pulumi preview --refresh --json`.
 */
interface StateView {
  outputs?: Record<string, unknown>;
}
interface EventMetadata {
  op: string;
  urn: string;
  type: string;
  old?: StateView | null;
  new?: StateView | null;
}
export interface EngineEvent {
  resourcePreEvent?: { metadata: EventMetadata };
  resOutputsEvent?: { metadata: EventMetadata };
  diagnosticEvent?: { severity: string; message: string };
}

/** One property the vendor changed. Secret values are never shown. */
export interface FieldDrift {
  property: string;
  before: string;
  after: string;
}

/** What the next `pulumi up` would do about a drifted resource. */
export type NextUp = "revert" | "recreate" | "replace" | "nothing";

export interface ResourceDrift {
  urn: string;
  name: string;
  type: string;
  /** `deleted`: the vendor no longer has it; `changed`: some properties differ. */
  kind: "deleted" | "changed";
  fields: FieldDrift[];
  nextUp: NextUp;
}

function isSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && "ciphertext" in value;
}

function show(value: unknown): string {
  if (value === undefined) return "unset";
  if (isSecret(value)) return "[secret]";
  return JSON.stringify(value);
}

/** The drift in a preview's events. */
export function driftFromEvents(events: readonly EngineEvent[]): ResourceDrift[] {
  const nextOps = new Map<string, string>();
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (m && m.op !== "refresh") nextOps.set(m.urn, m.op);
  }
  const drift: ResourceDrift[] = [];
  for (const e of events) {
    const m = e.resOutputsEvent?.metadata;
    // The package's resources, registered by its classes or by the native provider (both token forms).
    if (!m || m.op !== "refresh" || labelOfType(m.type) === undefined) continue;
    const before = m.old?.outputs ?? {};
    const next = nextOps.get(m.urn);
    const nextUp: NextUp =
      next === "create"
        ? "recreate"
        : next === "update"
          ? "revert"
          : next === "replace" || next === "create-replacement"
            ? "replace"
            : "nothing";
    if (!m.new) {
      drift.push({ urn: m.urn, name: nameOfUrn(m.urn), type: m.type, kind: "deleted", fields: [], nextUp });
      continue;
    }
    const after = m.new.outputs ?? {};
    const fields: FieldDrift[] = [];
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (BOOKKEEPING.has(key)) continue;
      const [b, a] = [before[key], after[key]];
      // A secret compares by its ciphertext, which is re-encrypted on every read: only its presence counts.
      if (isSecret(b) && isSecret(a)) continue;
      if (!changed(b, a)) continue;
      fields.push({ property: key, before: show(b), after: show(a) });
    }
    if (fields.length > 0)
      drift.push({ urn: m.urn, name: nameOfUrn(m.urn), type: m.type, kind: "changed", fields, nextUp });
  }
  return drift;
}

const NEXT_UP_TEXT: Record<NextUp, string> = {
  revert: "**revert** the vendor's change to the program's value",
  recreate: "**recreate** it (a new object at the vendor, billed again)",
  replace: "**replace** it (delete and create again)",
  nothing: "nothing: the program already matches the vendor (the state takes the vendor's value)",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The report. */
export function driftMarkdown(drift: readonly ResourceDrift[], stack?: string): string {
  const title = `## Drift report${stack ? ` for ${stack}` : ""}: ${drift.length === 0 ? "✅ no drift" : `❌ ${drift.length} resource${drift.length === 1 ? "" : "s"} drifted`}`;
  const lines = [title, ""];
  if (drift.length === 0) {
    lines.push("Every resource matches what the vendors report.");
    return `${lines.join("\n")}\n`;
  }
  lines.push("| resource | type | at the vendor | the next `pulumi up` would |", "|---|---|---|---|");
  for (const d of drift) {
    const what =
      d.kind === "deleted"
        ? "deleted outside Pulumi"
        : d.fields.map((f) => `\`${f.property}\`: ${f.before} → ${f.after}`).join("<br>");
    lines.push(`| ${cell(d.name)} | ${shortType(d.type)} | ${cell(what)} | ${NEXT_UP_TEXT[d.nextUp]} |`);
  }
  lines.push(
    "",
    "To keep a vendor-side change, change the program to match it; to undo it, run `pulumi up`. For a deleted",
    "object that should stay deleted, run `pulumi refresh` (it leaves the state), then remove it from the program.",
  );
  return `${lines.join("\n")}\n`;
}

/** Reads JSON lines (the streaming `--json` form); other lines are ignored. */
export function parseEventLines(text: string): EngineEvent[] {
  return text
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as EngineEvent);
}

/**
 * Previews a refresh of the stack (`--stack`, or the project's current one) through the Automation API and
 * returns the engine's events. Fails, with the engine's own errors, when the preview does.
 */
export async function previewRefreshEvents(stack?: string): Promise<EngineEvent[]> {
  const { onStack, projectStack } = await import("./workspace");
  const project = await projectStack(stack);
  const events: EngineEvent[] = [];
  try {
    await onStack(project, (s) => s.preview({ refresh: true, onEvent: (event) => events.push(event) }));
  } catch (err) {
    const errors = events
      .map((e) => e.diagnosticEvent)
      .filter((d) => d?.severity === "error")
      .map((d) => d?.message.trim());
    const cause = errors.join("; ") || (err instanceof Error ? err.message.trim() : String(err));
    throw new CommandError(`pulumi preview --refresh --stack ${project.stackName} failed: ${cause}`, {
      cause: err,
    });
  }
  return events;
}
