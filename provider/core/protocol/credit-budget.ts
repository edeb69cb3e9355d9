/**
 * The credit budget, defined once: its config, its defaults, and how spends add up against it. The policy
 * pack's credit-budget stack policy judges one stack with it (policy/rules.ts); the fleet command judges
 * every shard a run touches with it, summed (provider/commands/fleet/budget.ts). Like the rest of the
 * protocol it imports nothing the pack would not load.
 */
import type { Spend } from "./policy-facts-protocol";

/**
 * The credit-budget config. `maxPartnerCredits` bounds the Partner API's partner credits (what new
 * outMail services and the regrades of every live service cost); `maxOutmailCredits` is its deprecated
 * former name, still honoured: when both are given the smaller wins, and when neither is, the budget is
 * {@link DEFAULT_BUDGET}. Neither has a default in the pack's config schema, because the CLI would fill it
 * in and a raised old key would then lose to the new key's default.
 */
export interface Budget {
  maxPartnerCredits?: number;
  /** @deprecated the former name of `maxPartnerCredits` (the unit was called "outMail credits"). */
  maxOutmailCredits?: number;
  maxMailpartnerEuros?: number;
}

/** The budget where the config gives none. */
export const DEFAULT_BUDGET = { partnerCredits: 1000, mailpartnerEuros: 1000 } as const;

/** The partner-credit budget a config sets, and the key it comes from (for the message). */
export function partnerCreditBudget(budget: Budget): {
  max: number;
  key: "maxPartnerCredits" | "maxOutmailCredits";
} {
  const given = (
    [
      ["maxPartnerCredits", budget.maxPartnerCredits],
      ["maxOutmailCredits", budget.maxOutmailCredits],
    ] as const
  ).filter(
    (entry): entry is readonly ["maxPartnerCredits" | "maxOutmailCredits", number] =>
      typeof entry[1] === "number",
  );
  if (given.length === 0) return { max: DEFAULT_BUDGET.partnerCredits, key: "maxPartnerCredits" };
  // The smaller wins; on a tie, the current name is the one quoted.
  const [key, max] = given.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { max, key };
}

export type SpendUnit = Spend["unit"];

/** What changes spend, per unit: the total and who spends it (`name amount`, for the message). */
export type SpendTotals = Record<SpendUnit, { amount: number; parts: string[] }>;

export function noSpend(): SpendTotals {
  return { "partner credits": { amount: 0, parts: [] }, EUR: { amount: 0, parts: [] } };
}

/** Adds one change's spend (nothing when it charges nothing). */
export function addSpend(totals: SpendTotals, who: string, spend: Pick<Spend, "amount" | "unit">): void {
  if (!(spend.amount > 0)) return;
  totals[spend.unit].amount += spend.amount;
  totals[spend.unit].parts.push(`${who} ${spend.amount}`);
}

/**
 * The budget's verdicts on the totals: one message per unit over its budget. `scope` says what spends
 * it ("This update", "This fleet run"); `remedy` what a person can do about it.
 */
export function overBudget(
  totals: SpendTotals,
  budget: Budget,
  scope: string,
  remedy = "Raise the budget, spread the change over several updates, or allow-list a resource.",
): string[] {
  const violations: string[] = [];
  const check = (unit: SpendUnit, max: number, key: string) => {
    const { amount, parts } = totals[unit];
    if (amount > max) {
      const deprecated = key === "maxOutmailCredits" ? ', deprecated: rename it "maxPartnerCredits"' : "";
      violations.push(
        `${scope} would spend ${amount} ${unit} (${parts.join(", ")}), over the budget of ${max} ` +
          `("${key}" in the credit-budget config${deprecated}). ${remedy}`,
      );
    }
  };
  const credits = partnerCreditBudget(budget);
  check("partner credits", credits.max, credits.key);
  check("EUR", budget.maxMailpartnerEuros ?? DEFAULT_BUDGET.mailpartnerEuros, "maxMailpartnerEuros");
  return violations;
}
