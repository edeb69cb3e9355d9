/**
 * Writes whose answer was lost. A dropped connection or a 5xx after a write leaves its outcome unknown:
 * the vendor may have applied it. Such a write is never sent again blindly (DESIGN.md invariant 3); the
 * caller looks at the vendor instead, and only what the look shows decides.
 */
import {
  OutcomeUnknownError,
  VendorConnectionError,
  VendorError,
  VendorValidationError,
  outcomeUnknownError,
  withHint,
} from "../transport/errors";

/**
 * True when a failed write may nonetheless have been applied: its answer was lost, or was a 5xx that
 * does not say what happened. A refusal on the merits ({@link VendorValidationError}) was not applied,
 * whatever its status (ResellerClub answers "activate your FREE Email Services" as a platform error).
 */
export function mayHaveBeenApplied(err: unknown): boolean {
  return (
    err instanceof OutcomeUnknownError ||
    (err instanceof VendorConnectionError && !err.notSent) ||
    (err instanceof VendorError &&
      !(err instanceof VendorValidationError) &&
      err.httpStatus !== undefined &&
      err.httpStatus >= 500)
  );
}

/**
 * What a look at the vendor after a lost write showed. Only a read that completed is conclusive: one that
 * failed (or could not page to the end) leaves the outcome unknown, and nothing may then be called safe.
 */
export type LookResult<T> =
  { kind: "found"; value: T } | { kind: "absent" } | { kind: "unknown"; error: unknown };

/** Runs a look-up, turning its own failure into `unknown` rather than "not there". */
export async function lookUp<T>(find: () => Promise<T | undefined>): Promise<LookResult<T>> {
  try {
    const value = await find();
    return value === undefined ? { kind: "absent" } : { kind: "found", value };
  } catch (error) {
    return { kind: "unknown", error };
  }
}

/**
 * The error for a write `err` that may have been applied, after the look that would have told failed:
 * an {@link OutcomeUnknownError} saying so, then `check` (what to look at, what to set).
 */
export function outcomeUnknown(err: unknown, look: { error: unknown }, check: string): Error {
  return outcomeUnknownError(err, { lookupError: look.error }, check);
}

/**
 * After a write failed with `err`: when it may have been applied and `applied()` finds that it was, the
 * write counts as done. Otherwise the error is thrown: its class kept, saying that the change is not in
 * effect (`notApplied`), when the look completed; an {@link OutcomeUnknownError} when it failed too.
 */
export async function confirmLostWrite(
  err: unknown,
  applied: () => Promise<boolean>,
  notApplied: string,
): Promise<void> {
  if (!mayHaveBeenApplied(err)) throw err;
  const look = await lookUp(async () => ((await applied()) ? true : undefined));
  if (look.kind === "found") return;
  if (look.kind === "absent") throw withHint(err, notApplied);
  throw outcomeUnknown(err, look, "Check the object at the vendor before running `pulumi up` again");
}
