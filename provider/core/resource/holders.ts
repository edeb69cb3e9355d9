/**
 * Provider side of "one owner per vendor object" (provider/core/protocol/vendor-keys.ts): what the resources of
 * this run hold, as this provider process has seen them.
 *
 * The provider sees one resource at a time and no state, but one process serves every dynamic resource
 * of a run, and the engine asks it about each of them: diff for every resource the program keeps,
 * create and update for the rest. So it can tell, for the vendor objects seen so far in this run, which
 * resource holds each one (by the name the program declared it under, `declaredAs`). With that:
 * - nothing is created, adopted or taken over when another resource of this run holds it: the create
 *   fails before any vendor call (or, for a take-over, before any write) naming the holder;
 * - deleting a resource whose object another resource of this run holds makes no vendor call: the
 *   deleted resource leaves the state and the other keeps the object. That is how a stack that already
 *   has two owners of one object (made before this rule) gets back to one: remove the copy from the
 *   program, and the next `up` forgets it without deleting what the other declares.
 *
 * What it cannot see is a resource of the stack that this run has not reached yet: one the program no
 * longer declares is deleted at the end of the run, and its delete then keeps the object for the
 * resource that took it over (the second rule above).
 */
import { AsyncLocalStorage } from "node:async_hooks";

import { type ResourceLabel, type VendorKey, describeKey, keyId, sameKey } from "../protocol/vendor-keys";

/** The resource an operation is for: its type and, when the program said, the name it declared. */
export interface Operation {
  label: ResourceLabel;
  /** `outmail.Service "relay"`; undefined for state written before resources said their names. */
  holder?: string;
}

interface Holding {
  key: VendorKey;
  holder?: string;
}

/** What this run holds, by key. One provider process serves one run. */
const holdings = new Map<string, Holding>();
const current = new AsyncLocalStorage<Operation>();

/** Runs `fn` as an operation of the given resource (what take-over asks {@link currentOperation}). */
export function runAs<T>(operation: Operation, fn: () => T): T {
  return current.run(operation, fn);
}

/** The resource the running operation is for, when it runs through the shim. */
export function currentOperation(): Operation | undefined {
  return current.getStore();
}

/** Records that `holder` holds the object with these keys from now on in this run. */
export function recordHeld(keys: readonly VendorKey[], holder: string | undefined): void {
  for (const key of keys) holdings.set(keyId(key), { key, holder });
}

/** Forgets the holders of these keys: the object they named is gone. */
export function forgetHeld(keys: readonly VendorKey[]): void {
  for (const key of keys) holdings.delete(keyId(key));
}

/** Forgets everything (tests). */
export function resetHoldings(): void {
  holdings.clear();
}

/** Another resource of this run that holds one of these keys: its name (or a description) and the key. */
export interface OtherHolder {
  key: VendorKey;
  /** How messages name it: `outmail.Service "relay-a"`, or "another resource of this stack". */
  holder: string;
}

/**
 * The first of these keys that a resource other than `holder` holds in this run. A holding recorded
 * without a name counts as another's unless `holder` is unnamed too (then nobody can tell them apart,
 * and the object is treated as held: the safe side).
 */
export function heldByAnother(
  keys: readonly VendorKey[],
  holder: string | undefined,
): OtherHolder | undefined {
  for (const key of keys) {
    const holding = holdings.get(keyId(key));
    if (holding === undefined || !sameKey(holding.key, key)) continue;
    if (holding.holder !== undefined && holding.holder === holder) continue;
    return { key, holder: holding.holder ?? "another resource of this stack" };
  }
  return undefined;
}

/**
 * Why an object another resource holds is not taken: `outmail.Service "relay-a" holds the outMail
 * username "relay" in this stack …`.
 */
export function heldMessage(other: OtherHolder): string {
  return (
    `${other.holder} holds ${describeKey(other.key)} in this stack, so it is not taken: one vendor object has ` +
    "only one owner in a stack. If this resource should own it instead, remove the other from the program " +
    "first (its delete then leaves the object to this one), or move it with the `aliases` resource option"
  );
}
