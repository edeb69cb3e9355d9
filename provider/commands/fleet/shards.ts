/**
 * Which shard (stack) holds a customer: rendezvous hashing (highest random weight) on the customer's id.
 * Each shard's weight for a customer is the first 64 bits of SHA-256(`<shard>:<id>`); the customer goes to
 * the shard of highest weight. Chosen over the alternatives for what a fleet needs:
 *
 * - a customer's shard depends on its own id and the shard count only, so adding or removing a customer
 *   never moves another one (a rule on the customers' order or count would);
 * - growing from K to K+1 shards moves exactly the customers whose new weight wins, about 1/(K+1) of them,
 *   the fewest any rule can move, and each goes to the new shard; shrinking moves only the removed shard's
 *   customers (`id mod K` would move nearly all of them either way);
 * - it needs no table kept beside the data, unlike a lookup ring, and is computed the same way on every
 *   machine and in every CI job. Jump consistent hashing moves as few, but only ever adds or removes the
 *   last shard, and is harder to check by hand; at K shards rendezvous costs K hashes per customer, which
 *   for 10,000 customers and 64 shards is a fraction of a second.
 *
 * The rule's name is kept in the fleet settings, so a future rule is an explicit change with a reshard.
 */
import { createHash } from "node:crypto";

/** The rule's name, as the fleet settings record it. */
export const SHARD_RULE = "rendezvous-sha256";

function weight(shard: number, customerId: string): bigint {
  return createHash("sha256").update(`${shard}:${customerId}`).digest().readBigUInt64BE(0);
}

/** The shard (0 to `shards` - 1) that holds the customer with this id. */
export function shardOf(customerId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1)
    throw new RangeError(`shards must be a whole number ≥ 1, got ${shards}`);
  let best = 0;
  let bestWeight = -1n;
  for (let shard = 0; shard < shards; shard++) {
    const w = weight(shard, customerId);
    // Ties (a 64-bit collision) go to the lower shard, so the answer never depends on iteration order.
    if (w > bestWeight) {
      best = shard;
      bestWeight = w;
    }
  }
  return best;
}

/** The customers of each shard, in the data's order. */
export function assignShards<T extends { id: string }>(customers: readonly T[], shards: number): T[][] {
  const byShard: T[][] = Array.from({ length: shards }, () => []);
  for (const c of customers) byShard[shardOf(c.id, shards)].push(c);
  return byShard;
}
