/**
 * The soak's desired state and the operations that change it, without any I/O: the driver (driver.ts)
 * writes a fleet to the file examples/soak reads, runs `pulumi up`, and plans the next round here.
 */

export const RELAY_TIERS = ["Outmail250", "Outmail500", "Outmail1000", "Outmail2500"] as const;
export const CONSOLE_PROFILES = ["Economy", "Premium"] as const;
export const PACK_QUANTITIES = [1, 2, 3, 4, 5, 6] as const;
const FORWARD_POOL = ["ops", "billing", "support", "sales", "alerts", "archive"].map(
  (n) => `${n}@elsewhere.example`,
);

/** An outMail service. */
export interface Relay {
  key: string;
  tier: string;
  adopt?: string;
}
/** A MailUp account with one pack. */
export interface Console {
  key: string;
  profile: string;
  packQuantity: number;
  adopt?: string;
}
/** A ResellerClub forward-only account. */
export interface Forwarder {
  key: string;
  forwards: string[];
  adopt?: string;
}
export interface Fleet {
  relays: Relay[];
  consoles: Console[];
  forwarders: Forwarder[];
}

export const OPERATION_KINDS = ["create", "regrade", "pack", "profile", "forwards", "delete"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** One change of desired state: what the program asks for that it did not before. */
export interface Operation {
  kind: OperationKind;
  /** The slot's key, which is also its resource name and its natural key at the vendor. */
  key: string;
  detail: string;
}

/** A small seeded generator (mulberry32), so a soak can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function other<T>(items: readonly T[], current: T, random: () => number): T {
  return pick(
    items.filter((i) => i !== current),
    random,
  );
}

export function emptyFleet(): Fleet {
  return { relays: [], consoles: [], forwarders: [] };
}

export function fleetSize(fleet: Fleet): number {
  return fleet.relays.length + fleet.consoles.length + fleet.forwarders.length;
}

/**
 * Plans one round: `count` operations on distinct slots (one change per resource per `pulumi up`, so
 * each can be told apart afterwards), none on `frozen` slots (waiting for an operator's adopt). The
 * fleet grows towards `targetSize`, then creates and deletes balance. Returns the new fleet; the input
 * is not changed.
 */
export function planRound(
  fleet: Fleet,
  count: number,
  random: () => number,
  opts: { targetSize: number; frozen: ReadonlySet<string>; nextKey: (prefix: string) => string },
): { fleet: Fleet; operations: Operation[] } {
  const next: Fleet = structuredClone(fleet);
  const touched = new Set<string>(opts.frozen);
  const operations: Operation[] = [];
  const free = <T extends { key: string }>(slots: T[]) => slots.filter((s) => !touched.has(s.key));

  for (let i = 0; i < count; i++) {
    const size = fleetSize(next);
    const candidates: Record<OperationKind, number> = {
      create: size < opts.targetSize ? 4 : 1,
      regrade: free(next.relays).length > 0 ? 1 : 0,
      pack: free(next.consoles).length > 0 ? 1 : 0,
      profile: free(next.consoles).length > 0 ? 1 : 0,
      forwards: free(next.forwarders).length > 0 ? 1 : 0,
      delete:
        free([...next.relays, ...next.consoles, ...next.forwarders]).length > 0
          ? size > opts.targetSize
            ? 2
            : 1
          : 0,
    };
    const kind = weighted(candidates, random);
    const op = apply(next, kind, random, free, opts.nextKey);
    touched.add(op.key);
    operations.push(op);
  }
  return { fleet: next, operations };
}

function weighted(weights: Record<OperationKind, number>, random: () => number): OperationKind {
  const total = OPERATION_KINDS.reduce((sum, k) => sum + weights[k], 0);
  let r = random() * total;
  for (const k of OPERATION_KINDS) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return "create";
}

function apply(
  fleet: Fleet,
  kind: OperationKind,
  random: () => number,
  free: <T extends { key: string }>(slots: T[]) => T[],
  nextKey: (prefix: string) => string,
): Operation {
  switch (kind) {
    case "create": {
      const which = pick(["relay", "console", "forwarder"] as const, random);
      if (which === "relay") {
        const relay = { key: nextKey("soak-r"), tier: pick(RELAY_TIERS, random) };
        fleet.relays.push(relay);
        return { kind, key: relay.key, detail: `outMail service on ${relay.tier}` };
      }
      if (which === "console") {
        const c = {
          key: nextKey("soak-c"),
          profile: pick(CONSOLE_PROFILES, random),
          packQuantity: pick(PACK_QUANTITIES, random),
        };
        fleet.consoles.push(c);
        return { kind, key: c.key, detail: `MailUp ${c.profile} account with ${c.packQuantity} packs` };
      }
      const f = { key: nextKey("soak-f"), forwards: forwardsFor(random) };
      fleet.forwarders.push(f);
      return { kind, key: f.key, detail: `forward-only account to ${f.forwards.join(", ")}` };
    }
    case "regrade": {
      const relay = pick(free(fleet.relays), random);
      const tier = other(RELAY_TIERS, relay.tier as (typeof RELAY_TIERS)[number], random);
      const detail = `${relay.tier} → ${tier}`;
      relay.tier = tier;
      return { kind, key: relay.key, detail };
    }
    case "pack": {
      const c = pick(free(fleet.consoles), random);
      const quantity = other(PACK_QUANTITIES, c.packQuantity as (typeof PACK_QUANTITIES)[number], random);
      const detail = `${c.packQuantity} → ${quantity}`;
      c.packQuantity = quantity;
      return { kind, key: c.key, detail };
    }
    case "profile": {
      const c = pick(free(fleet.consoles), random);
      const profile = other(CONSOLE_PROFILES, c.profile as (typeof CONSOLE_PROFILES)[number], random);
      const detail = `${c.profile} → ${profile}`;
      c.profile = profile;
      return { kind, key: c.key, detail };
    }
    case "forwards": {
      const f = pick(free(fleet.forwarders), random);
      let forwards = forwardsFor(random);
      while (forwards.join() === f.forwards.join()) forwards = forwardsFor(random);
      const detail = `${f.forwards.join(", ")} → ${forwards.join(", ")}`;
      f.forwards = forwards;
      return { kind, key: f.key, detail };
    }
    case "delete": {
      const all = free([...fleet.relays, ...fleet.consoles, ...fleet.forwarders]);
      const key = pick(all, random).key;
      fleet.relays = fleet.relays.filter((s) => s.key !== key);
      fleet.consoles = fleet.consoles.filter((s) => s.key !== key);
      fleet.forwarders = fleet.forwarders.filter((s) => s.key !== key);
      return { kind, key, detail: "removed from the program" };
    }
  }
}

/** One to three distinct addresses, sorted as the provider normalises them. */
function forwardsFor(random: () => number): string[] {
  const n = 1 + Math.floor(random() * 3);
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(pick(FORWARD_POOL, random));
  return [...chosen].sort();
}
