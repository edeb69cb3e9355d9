/**
 * Writes whose answer was lost. A dropped connection or a 5xx after a write leaves its outcome unknown:
 * the vendor may have applied it. Such a write is never sent again blindly (DESIGN.md invariant 3); the
 * caller looks at the vendor instead, and only what the look shows decides.
 */
import { VendorConnectionError, VendorError, joinSentences } from "./errors";

/** True when a failed write may nonetheless have been applied. */
export function mayHaveBeenApplied(err: unknown): boolean {
  return (
    (err instanceof VendorConnectionError && !err.notSent) ||
    (err instanceof VendorError && err.httpStatus !== undefined && err.httpStatus >= 500)
  );
}

/**
 * After a write failed with `err`: when it may have been applied and `applied()` finds that it was, the
 * write counts as done. Otherwise the error is thrown, saying (when a look was taken) that the change is
 * not in effect, so running again is safe.
 */
export async function confirmLostWrite(
  err: unknown,
  applied: () => Promise<boolean>,
  notApplied: string,
): Promise<void> {
  if (!mayHaveBeenApplied(err)) throw err;
  // The look is a read, retried on its own; if it fails too, the original error is what matters.
  if (await applied().catch(() => false)) return;
  throw new Error(joinSentences((err as Error).message, notApplied));
}
