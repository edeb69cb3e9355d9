/**
 * The policy facts protocol, defined once: what each resource's `check` records for the policy pack, and
 * where. Both the provider (provider/core/resource/policy-facts.ts, provider/core/resource/shim.ts) and the policy pack
 * (policy/rules.ts) import this module; it imports nothing, so the pack loads no provider code with it.
 *
 * The facts live in one nested input, `policyFacts`, so a user's diff shows at most that one property
 * beside what they changed (a tier change previews as `[diff: ~serviceName,~policyFacts]`). Pulumi's
 * analyzers see a resource's checked inputs, never its old state, which is why check writes them down.
 */

/**
 * The sentinel the engine sends for values not known during preview, in check's inputs and in what the
 * policy pack is shown. It is a string, so a string field would accept it: compare against it before
 * validating. (Written here rather than imported from `@pulumi/pulumi` so neither the check path nor the
 * pack loads the Pulumi runtime for it; a test pins it to `pulumi.runtime.unknownValue`.)
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True for a value that is the sentinel itself. */
export function isUnknownValue(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** True when the value or anything inside it (list items, object fields) is not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknownValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** The input that holds the facts. */
export const POLICY_FACTS_PROPERTY = "policyFacts";

/** Whether a change goes up or down an ordering (tier, profile, quantity). */
export type Direction = "up" | "down" | "same";

/** One property's change on an existing resource, as the policy pack reads it. */
export type Transition = {
  property: string;
  from: string | number;
  to: string | number;
  /** "unknown" when preview does not know the new value yet: policies then fail closed. */
  direction: Direction | "unknown";
  /** How the order was decided, e.g. "credits", "tier number", "ClientCode", "quantity". */
  basis: string;
  fromRank?: number;
  toRank?: number;
};

/** What a change would spend (see {@link PolicyFactsRecord.spend}). */
export interface Spend {
  amount: number;
  unit: "partner credits" | "EUR";
  /** Written by check: a charge still to be made (outputs of 0.1 recorded spends without it). */
  pending?: true;
}

/** The spend of a change still to be made, or undefined (none, or one an applied output recorded). */
export function pendingSpend(props: Readonly<Record<string, unknown>>): Spend | undefined {
  const spend = factsOf(props).spend;
  return spend?.pending === true ? spend : undefined;
}

/** The facts, inside `policyFacts`. */
export interface PolicyFactsRecord {
  /** The change of the property a downgrade policy judges, on an existing resource. */
  transition?: Transition;
  /** The properties whose change replaces the resource (set only on an existing resource). */
  replacing?: string[];
  /** Secret-meant inputs the program passed as plain values (computed in the program). */
  plainSecretInputs?: string[];
  /**
   * What this change would spend at the vendor: the Partner API's partner credits (a new outMail service,
   * a regrade of any live service) or euros (MailPartner). Providers before the unit's rename wrote
   * "outMail credits"; the pack still counts that as partner credits. A resource nothing has changed
   * since its state was written keeps the spend recorded there (the change that wrote it), so that its
   * checked inputs are the recorded ones (provider/core/resource/shim.ts, asRecorded).
   *
   * Only check writes it, with `pending: true`; outputs never carry it (a change's spend is spent once
   * applied). The credit-budget stack policy reads outputs (Pulumi's AnalyzeStack), which in a preview are
   * the checked inputs of a resource that changes and the recorded outputs of one that does not, so it
   * counts exactly the changes still to be made. Outputs written before 0.2 recorded the spend without
   * `pending`; the pack ignores those.
   */
  spend?: Spend;
  /** outMail: the current tariff's credit cost, carried so an unchanged preview needs no lookup. */
  tariffCredits?: number;
  /**
   * The resource as the program declared it, e.g. `outmail.Service "relay"` (computed in the program):
   * how the provider tells one resource from another, and names them, when two claim one vendor object.
   */
  declaredAs?: string;
  /**
   * The resource type as the public classes name it, e.g. `outmail.Service` (recorded by the provider), so
   * the pack knows the type of a resource registered without the package's classes (type token
   * `pulumi-nodejs:dynamic:Resource`).
   */
  resourceType?: string;
}

/** The fact names, as the resources' implementations keep them (flat) between the shim and the vendor. */
export const POLICY_FACT_KEYS = [
  "transition",
  "replacing",
  "plainSecretInputs",
  "spend",
  "tariffCredits",
  "declaredAs",
  "resourceType",
] as const satisfies readonly (keyof PolicyFactsRecord)[];

/** The facts of a resource's checked inputs (empty when it has none). */
export function factsOf(inputs: Readonly<Record<string, unknown>>): PolicyFactsRecord {
  const facts = inputs[POLICY_FACTS_PROPERTY];
  return facts !== null && typeof facts === "object" ? (facts as PolicyFactsRecord) : {};
}

/** Moves the flat facts of `props` into `policyFacts` (what the engine stores and the pack reads). */
export function nestPolicyFacts<T>(props: T): T {
  if (props === null || typeof props !== "object") return props;
  const record = props as Record<string, unknown>;
  const facts: Record<string, unknown> = { ...factsOf(record) };
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if ((POLICY_FACT_KEYS as readonly string[]).includes(key)) facts[key] = value;
    else if (key !== POLICY_FACTS_PROPERTY) rest[key] = value;
  }
  const present = Object.values(facts).some((v) => v !== undefined);
  return (present ? { ...rest, [POLICY_FACTS_PROPERTY]: facts } : rest) as T;
}

/** The reverse: the facts back at the top level, as the implementations read them. */
export function flattenPolicyFacts<T>(props: T): T {
  if (props === null || typeof props !== "object") return props;
  const record = props as Record<string, unknown>;
  if (!(POLICY_FACTS_PROPERTY in record)) return props;
  const { [POLICY_FACTS_PROPERTY]: _nested, ...rest } = record;
  return { ...rest, ...factsOf(record) } as T;
}
