/**
 * Adoption (`adopt`, the import path of every resource): the live object must match the program, and
 * when it does not, creation fails with an {@link AdoptionMismatchError} listing each difference, so
 * nothing changes silently.
 */
import { type AdoptionDifference, AdoptionMismatchError, type VendorName } from "../transport/errors";
import { changed } from "./changed";

/** One comparison: the input's name, the program's value, the live value. */
export type Comparison = [name: string, program: unknown, live: unknown];

/** Each comparison whose values differ. */
export function adoptionDifferences(comparisons: readonly Comparison[]): AdoptionDifference[] {
  return comparisons
    .filter(([, program, live]) => changed(program, live))
    .map(([name, program, live]) => ({ name, program, live }));
}

/**
 * Throws an {@link AdoptionMismatchError} when any comparison differs: `what` names the live object
 * ("live service 1234"), `kind` what adopting never changes ("a live service").
 */
export function requireAdoptable(
  vendor: VendorName,
  what: string,
  kind: string,
  comparisons: readonly Comparison[],
): void {
  const differences = adoptionDifferences(comparisons);
  if (differences.length === 0) return;
  throw new AdoptionMismatchError({ vendor, resource: what, kind, differences });
}
