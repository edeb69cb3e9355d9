/**
 * Adoption (`adopt`, the import path of every resource): the live object must match the program, and
 * when it does not, creation fails listing each difference, so nothing changes silently.
 */
import { type VendorName, vendorDisplayNames } from "./errors";

/** One comparison: the input's name, the program's value, the live value. */
export type Comparison = [name: string, program: unknown, live: unknown];

function show(value: unknown): string {
  return value === undefined ? "unset" : JSON.stringify(value);
}

/** Each comparison whose values differ, as `name: program X, live Y`. */
export function adoptionDifferences(comparisons: readonly Comparison[]): string[] {
  return comparisons
    .filter(([, program, live]) => JSON.stringify(program) !== JSON.stringify(live))
    .map(([name, program, live]) => `${name}: program ${show(program)}, live ${show(live)}`);
}

/**
 * Fails when any comparison differs: `what` names the live object ("live service 1234"), `kind` what
 * adopting never changes ("a live service").
 */
export function requireAdoptable(
  vendor: VendorName,
  what: string,
  kind: string,
  comparisons: readonly Comparison[],
): void {
  const differences = adoptionDifferences(comparisons);
  if (differences.length === 0) return;
  throw new Error(
    `${vendorDisplayNames[vendor]}: cannot adopt ${what}: it differs from the program. Change the program ` +
      `to match, then run again (adopting never changes ${kind}):\n${differences.map((d) => `  - ${d}`).join("\n")}`,
  );
}
