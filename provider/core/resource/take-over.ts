/**
 * Crash recovery without hand edits: when a create is refused because the object's vendor-unique key
 * (a username, an address) is taken, and the object holding it is exactly what the program declares, it
 * is taken over instead, with a warning naming it. That is what a run killed after the vendor created
 * the object, and before the engine recorded it, leaves behind: the next `up` converges with no
 * duplicate, no orphan and no `adopt` written by hand.
 *
 * Taking over is refused (the vendor's conflict error stays, saying what to set) when another resource of
 * this run holds the object (provider/core/resource/holders.ts), when the object differs
 * from the program in anything the vendor reports, when the look-up fails, or when the stack setting
 * `mailreseller:takeOverExisting` is `never`. The default, `matching`, is safe because the key is unique
 * at the vendor: an exact match is either the dead run's object or one the program would otherwise have
 * to adopt by hand.
 */
import { adoptionDifferences, type Comparison } from "./adopt";
import { ConfigError, configNamespace, envVarFor, readSettings } from "../transport/config";
import { withHint } from "../transport/errors";
import { currentOperation, heldByAnother, heldMessage } from "./holders";
import { lookUp, outcomeUnknown } from "./lost-write";
import { declaredKeys } from "../protocol/vendor-keys";
import { warnOperator } from "./warn";

/** The stack setting: `matching` (default) takes over exact matches, `never` always fails. */
export const takeOverSetting = {
  key: "takeOverExisting",
  description:
    "whether a create that meets an exact match of its unique key takes it over (matching | never)",
  defaultValue: "matching",
} as const;

/** Whether taking over is on for this provider process (the stack setting, else its environment variable). */
export function takeOverEnabled(): boolean {
  const value = readSettings("pulumi-mailreseller", [takeOverSetting]).takeOverExisting.trim().toLowerCase();
  if (value === "matching") return true;
  if (value === "never") return false;
  throw new ConfigError(
    `${configNamespace}:${takeOverSetting.key} (or ${envVarFor(takeOverSetting.key)}) must be "matching" or "never", not "${value}"`,
  );
}

export interface TakeOverRequest<T> {
  /** The vendor's refusal of the create (its class and cause are kept on every failure). */
  conflict: unknown;
  /** The resource, for the warning, e.g. `outmail.Service crash-relay-1`. */
  resource: string;
  /** The object by its key, for messages, e.g. `the outMail service with username crash-relay-1`. */
  what: string;
  /** The `adopt` value that would take it over by hand. */
  adoptHint: (found: T) => string;
  /** Finds the object by its unique key; undefined when there is none. */
  find: () => Promise<T | undefined>;
  /** The program's values against the live object's, for everything the vendor reports. */
  compare: (found: T) => Comparison[];
  /** Run after a match and before the take-over counts (e.g. setting a write-only password); may throw. */
  confirm?: (found: T) => Promise<void>;
}

/**
 * The object holding the key, when it matches the program and taking over is on; otherwise throws the
 * conflict with what to do.
 */
export async function takeOverOnConflict<T>(request: TakeOverRequest<T>): Promise<T> {
  const { conflict, what } = request;
  if (!takeOverEnabled()) {
    throw withHint(
      conflict,
      `${what} exists. If it is the one you mean, set \`adopt\` on this resource to take it over ` +
        `(mailreseller:${takeOverSetting.key} is "never", so it is not taken over automatically)`,
    );
  }
  const look = await lookUp(request.find);
  if (look.kind === "unknown") {
    throw outcomeUnknown(
      conflict,
      look,
      `Find ${what} at the vendor and set \`adopt\` on this resource if it is yours`,
    );
  }
  if (look.kind === "absent") {
    throw withHint(
      conflict,
      `No ${what.replace(/^the /, "")} could be found to take over; check the key, or set \`adopt\` if it is yours`,
    );
  }
  const found = look.value;
  // Never another resource's object: a key taken by a resource of this run is not a dead run's leftover.
  const operation = currentOperation();
  if (operation !== undefined) {
    const other = heldByAnother(
      declaredKeys(operation.label, { adopt: request.adoptHint(found) }),
      operation.holder,
    );
    if (other !== undefined) {
      throw withHint(
        conflict,
        `${what} is not taken over: ${heldMessage(other)}. If it is yours once the other has gone, set ` +
          `\`adopt: "${request.adoptHint(found)}"\` on this resource`,
      );
    }
  }
  const differences = adoptionDifferences(request.compare(found));
  if (differences.length > 0) {
    const list = differences
      .map((d) => `${d.name}: program ${JSON.stringify(d.program)}, live ${JSON.stringify(d.live)}`)
      .join("; ");
    throw withHint(
      conflict,
      `${what} exists but differs from the program (${list}), so it is not taken over. If it is yours, make ` +
        `the program match and set \`adopt: "${request.adoptHint(found)}"\`; otherwise choose another key`,
    );
  }
  try {
    await request.confirm?.(found);
  } catch (err) {
    throw withHint(
      err,
      `${what} matches the program in everything the vendor reports, but this step of taking it over ` +
        `failed, so it is not taken over. If it is yours, set \`adopt: "${request.adoptHint(found)}"\` on this ` +
        "resource (adopting never checks a write-only password)",
    );
  }
  await warnOperator(
    `${request.resource}: took over ${what} (adopt id ${request.adoptHint(found)}), which already existed and ` +
      "matches the program exactly, most likely created by an interrupted run; nothing new was created. " +
      `Set mailreseller:${takeOverSetting.key} to "never" to refuse this instead`,
  );
  return found;
}
