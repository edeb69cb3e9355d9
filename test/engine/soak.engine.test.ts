/**
 * The fault soak at a size that fits `npm test` (`npm run soak` runs 1,000 operations): rounds of real
 * `pulumi up --continue-on-error` with a fifth of the vendor requests faulted, one converging `up`, then
 * the sandbox's ledger against the state.
 */
import { runSoak, type SoakFigures } from "../../soak/driver";
import { printFigures } from "../../soak/report";

jest.setTimeout(300_000);

let figures: SoakFigures;

beforeAll(async () => {
  const lines: string[] = [];
  figures = await runSoak({
    name: "soak-small",
    operations: 120,
    rounds: 4,
    faultRate: 0.2,
    seed: 7,
    parallel: 8,
    log: (line) => lines.push(line),
  });
  printFigures(figures, (line) => lines.push(line));
  console.log(lines.join("\n"));
});

describe("fault soak (120 operations, 20% of requests faulted)", () => {
  it("ran every kind of operation and injected every kind of fault", () => {
    expect(figures.operations).toBe(120);
    expect(Object.keys(figures.operationsByKind).sort()).toEqual(
      ["create", "delete", "forwards", "pack", "profile", "regrade"].sort(),
    );
    expect(figures.faultsInjected / figures.requests).toBeGreaterThan(0.1);
    expect(figures.faultsByKind["drop-after-write"]).toBeGreaterThan(0);
    expect(figures.faultsByKind["rate-limit"]).toBeGreaterThan(0);
    expect(figures.faultsByKind.error).toBeGreaterThan(0);
  });

  it("reported every failure as a clear error naming vendor, operation, resource and code", () => {
    expect(figures.unclearFailures).toEqual([]);
  });

  it("converges in one up, after which an unchanged preview changes nothing and calls no vendor", () => {
    expect(figures.convergingUp).toMatchObject({ ok: true });
    expect(figures.finalPreview).toEqual({ changes: 0, vendorCalls: 0 });
  });

  it("leaves no duplicate, no orphan and no lost state", () => {
    expect(figures.duplicates).toEqual([]);
    expect(figures.orphans).toEqual([]);
    expect(figures.lostState).toEqual([]);
    expect(figures.ledgerObjects).toBe(figures.stateResources);
  });

  it("charged exactly what the creates and regrades the vendor applied cost, each once", () => {
    expect(figures.credits.charged).toBe(figures.credits.expected);
    expect(figures.credits.balance).toBe(figures.credits.expectedBalance);
    expect(figures.unaskedTariffs).toEqual([]);
  });
});
