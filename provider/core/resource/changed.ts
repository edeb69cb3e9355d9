/**
 * The one rule of "changed": two input values differ unless they are deeply and strictly equal (same
 * types, same array order, same keys whatever their order). diff, the policy pack's `replacing` fact,
 * adoption's differences and the creation-only checks all decide with it, so they cannot disagree.
 */
import { isDeepStrictEqual } from "node:util";

/** Whether `a` and `b` differ as input values. */
export function changed(a: unknown, b: unknown): boolean {
  return !isDeepStrictEqual(a, b);
}
