/** The soak's figures as a table, and the verdict on them. */
import type { SoakFigures } from "./driver";

export function printFigures(f: SoakFigures, print: (line: string) => void = console.log): void {
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  const kinds = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  print(
    `\nSoak: seed ${f.seed}, ${f.rounds} faulted rounds of \`pulumi up --continue-on-error\`, ${f.seconds.toFixed(0)} s`,
  );
  print(`| figure | value |`);
  print(`|---|---|`);
  print(`| operations | ${f.operations} (${kinds(f.operationsByKind)}) |`);
  print(`| vendor requests during the rounds | ${f.requests} |`);
  print(
    `| faults injected | ${f.faultsInjected} (${pct(f.faultsInjected, f.requests)}: ${kinds(f.faultsByKind)}) |`,
  );
  print(
    `| resource failures reported | ${f.failures} (${kinds(f.failuresByCode)}); unclear: ${f.unclearFailures.length} |`,
  );
  print(`| adopt hints followed | ${f.adoptHintsFollowed} |`);
  print(
    `| converging up | ${f.convergingUp.ok ? "succeeded" : "FAILED"} (${kinds(f.convergingUp.changes)}) |`,
  );
  print(
    `| unchanged preview after it | ${f.finalPreview.changes} changes, ${f.finalPreview.vendorCalls} vendor calls |`,
  );
  print(
    `| billable objects at the vendors / resources in state | ${f.ledgerObjects} / ${f.stateResources} |`,
  );
  print(`| duplicates | ${f.duplicates.length} |`);
  print(`| orphans | ${f.orphans.length} |`);
  print(`| lost state | ${f.lostState.length} |`);
  print(`| partner credits charged / expected | ${f.credits.charged} / ${f.credits.expected} |`);
  print(`| partner credit balance / expected | ${f.credits.balance} / ${f.credits.expectedBalance} |`);
  print(`| tariffs reached that were not asked for | ${f.unaskedTariffs.length} |`);
  for (const [label, items] of [
    ["duplicate", f.duplicates],
    ["orphan", f.orphans],
    ["lost state", f.lostState],
    ["unasked tariff", f.unaskedTariffs],
    ["unclear failure", f.unclearFailures.map((u) => `${u.resource}: ${u.message}`)],
  ] as const) {
    for (const item of items) print(`  ${label}: ${item}`);
  }
  if (!f.convergingUp.ok) print(`  converging up: ${f.convergingUp.error}`);
}

/** True when the soak found nothing lost, doubled or unexplained. */
export function soakPassed(f: SoakFigures): boolean {
  return (
    f.convergingUp.ok &&
    f.finalPreview.changes === 0 &&
    f.finalPreview.vendorCalls === 0 &&
    f.duplicates.length === 0 &&
    f.orphans.length === 0 &&
    f.lostState.length === 0 &&
    f.unclearFailures.length === 0 &&
    f.unaskedTariffs.length === 0 &&
    f.credits.charged === f.credits.expected &&
    f.credits.balance === f.credits.expectedBalance
  );
}
