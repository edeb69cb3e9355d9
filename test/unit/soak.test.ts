import { failureCode, isClearFailure, soakFaultRules } from "../../soak/driver";
import { emptyFleet, fleetSize, planRound, seededRandom } from "../../soak/fleet";

function keyMaker() {
  let serial = 0;
  return (prefix: string) => `${prefix}${++serial}`;
}

describe("planRound", () => {
  it("plans the asked number of operations, one per slot, and is replayed exactly from its seed", () => {
    const plan = (seed: number) => {
      const random = seededRandom(seed);
      const nextKey = keyMaker();
      const first = planRound(emptyFleet(), 20, random, { targetSize: 26, frozen: new Set(), nextKey });
      return planRound(first.fleet, 20, random, { targetSize: 26, frozen: new Set(), nextKey });
    };
    const round = plan(3);
    expect(round.operations).toHaveLength(20);
    expect(new Set(round.operations.map((o) => o.key)).size).toBe(20);
    expect(plan(3)).toEqual(round);
    expect(plan(4)).not.toEqual(round);
  });

  it("starts with creates and leaves frozen slots alone", () => {
    const nextKey = keyMaker();
    const first = planRound(emptyFleet(), 10, seededRandom(1), {
      targetSize: 13,
      frozen: new Set(),
      nextKey,
    });
    expect(first.operations.every((o) => o.kind === "create")).toBe(true);
    expect(fleetSize(first.fleet)).toBe(10);
    const frozen = new Set(first.operations.map((o) => o.key));
    const second = planRound(first.fleet, 10, seededRandom(2), { targetSize: 13, frozen, nextKey });
    expect(second.operations.filter((o) => frozen.has(o.key))).toEqual([]);
  });
});

describe("soakFaultRules", () => {
  // Rules are tried in order; a request is faulted when any rule's draw wins.
  const faultedShare = (method: string, rate: number) =>
    1 -
    soakFaultRules(rate)
      .filter((r) => r.method === method)
      .reduce((spared, r) => spared * (1 - (r.probability ?? 1)), 1);

  it("faults the asked share of reads and of writes, dropping connections only after writes", () => {
    expect(faultedShare("GET", 0.2)).toBeCloseTo(0.2, 10);
    expect(faultedShare("POST", 0.2)).toBeCloseTo(0.2, 10);
    expect(faultedShare("DELETE", 0.2)).toBeCloseTo(0.2, 10);
    const kinds = (method: string) =>
      soakFaultRules(0.2)
        .filter((r) => r.method === method)
        .map((r) => r.kind);
    expect(kinds("GET")).toEqual(["error", "rate-limit", "latency"]);
    expect(kinds("PATCH")).toEqual(["error", "rate-limit", "latency", "drop-after-write"]);
  });
});

describe("isClearFailure", () => {
  it("wants the vendor, the operation on a named resource, and a code", () => {
    const clear =
      "outMail Partner API: could not create outMail service (username soak-r1): HTTP 503 ServiceUnavailable: down";
    expect(isClearFailure(clear)).toBe(true);
    expect(failureCode(clear)).toBe("HTTP 503");
    const network =
      "ResellerClub: could not add forwards (a@b.example on order 1001): ECONNRESET: socket hang up";
    expect(isClearFailure(network)).toBe(true);
    expect(failureCode(network)).toBe("ECONNRESET");
    expect(isClearFailure("MailUp: could not obtain an OAuth2 token: socket hang up")).toBe(false);
    expect(isClearFailure("Error: something broke")).toBe(false);
  });
});
