/**
 * check and diff helpers shared by every resource: zod validation that lets preview's unknown values
 * through, and a per-property diff table (replace, update, or ignore) that always answers with an
 * explicit `changes` boolean (undefined would make the engine diff every input, `__provider` included).
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { changed } from "./changed";
import { POLICY_FACT_KEYS, containsUnknown } from "../protocol/policy-facts-protocol";
import type { ChangeKind, ChangeTable } from "./resource-types";

export type { ChangeKind, ChangeTable } from "./resource-types";

export {
  UNKNOWN_VALUE as unknownValue,
  containsUnknown,
  isUnknownValue as isUnknown,
} from "../protocol/policy-facts-protocol";

/** What {@link checkInputs} needs besides the schema and the inputs. */
export interface CheckOptions<S extends z.ZodObject> {
  /** The resource, as users write it (`"mailup.Account"`): named when an argument is unknown. */
  resource: string;
  /**
   * Rules that relate fields (not a zod refinement: zod cannot make a refined object partial, which the
   * unknowns need). They see unknown values as the sentinel string: a rule that requires a field counts
   * an unknown one as given. Each failure names its property.
   */
  crossFieldRules?: (inputs: z.infer<S>) => pulumi.dynamic.CheckFailure[];
}

/**
 * Validates inputs against a zod object schema. Every failure names its property: the field's path, the
 * argument itself when it is one the resource does not have, each required argument when the issue is
 * about the arguments as a whole. An input that is unknown during preview (or holds an unknown value) is
 * left out of validation and passed through as it is, so the other inputs still get their defaults and
 * checks, and the real value is validated at `up`.
 */
export function checkInputs<S extends z.ZodObject>(
  schema: S,
  newsWithProvider: Record<string, unknown>,
  options: CheckOptions<S>,
): pulumi.dynamic.CheckResult<z.infer<S>> {
  // The host passes the serialized provider along with the inputs and puts it back afterwards.
  const { __provider: _provider, ...withFacts } = newsWithProvider;
  // Facts a previous check recorded for the policy pack (provider/core/resource/policy-facts.ts) are never the
  // program's inputs; check recomputes or carries them, so they must not meet the strict schema.
  const news = Object.fromEntries(
    Object.entries(withFacts).filter(([key]) => !(POLICY_FACT_KEYS as readonly string[]).includes(key)),
  );
  const unknownKeys = Object.keys(news).filter((key) => containsUnknown(news[key]));
  const known = Object.fromEntries(Object.entries(news).filter(([key]) => !unknownKeys.includes(key)));
  // zod types a partial mask by the schema's literal keys, which a runtime list of keys cannot satisfy.
  const mask = Object.fromEntries(unknownKeys.map((key) => [key, true])) as never;
  const effective = unknownKeys.length === 0 ? schema : schema.partial(mask);
  const result = effective.safeParse(known);
  if (!result.success) {
    return { failures: result.error.issues.flatMap((issue) => failuresOf(issue, schema, options.resource)) };
  }
  const inputs = { ...result.data } as Record<string, unknown>;
  for (const key of unknownKeys) inputs[key] = news[key];
  const failures = options.crossFieldRules?.(inputs as z.infer<S>) ?? [];
  return failures.length > 0 ? { failures } : { inputs: inputs as z.infer<S>, failures: [] };
}

/**
 * The failures of one zod issue, each naming a property. Issues with an empty path are about the
 * arguments as a whole: `unrecognized_keys` (a strict object's unknown arguments, listed in `keys`)
 * becomes one failure per key, naming it; any other (the arguments are not an object, or an object-level
 * refinement, which our schemas leave to `crossFieldRules`) is reported against each required argument.
 */
function failuresOf(
  issue: z.core.$ZodIssue,
  schema: z.ZodObject,
  resource: string,
): pulumi.dynamic.CheckFailure[] {
  const argumentNames = Object.keys(schema.shape);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      property: key,
      reason: unknownArgument(key, argumentNames, resource),
    }));
  }
  if (issue.path.length > 0) return [{ property: propertyName(issue.path), reason: issue.message }];
  const required = argumentNames.filter((key) => !schema.shape[key].safeParse(undefined).success);
  return (required.length > 0 ? required : argumentNames).map((property) => ({
    property,
    reason: issue.message,
  }));
}

function unknownArgument(key: string, argumentNames: string[], resource: string): string {
  const near = argumentNames.find((name) => isNear(key, name));
  return (
    `unknown argument${near === undefined ? "" : ` (did you mean ${near}?)`}; ` +
    `the arguments of ${resource} are: ${argumentNames.join(", ")}`
  );
}

/** True when `a` is `b` but for case, or one edit away (a typo): one character added, dropped or changed. */
function isNear(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i += 1;
  const tail = (n: number, m: number) => x.slice(i + n) === y.slice(i + m);
  return tail(1, 1) || tail(1, 0) || tail(0, 1);
}

function propertyName(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** The properties that changed, grouped by what the change does. */
export interface PropertyChanges {
  updates: string[];
  replaces: string[];
}

/**
 * Compares old and new inputs property by property. An unknown new value counts as a change. An input
 * the vendor may not report (`writeOnly`, `replaceIfKnown`) that the old inputs do not hold is no
 * change: after an import, whose read could not know it, the program's value is taken as it is.
 */
export function changedProperties<K extends string>(
  table: ChangeTable<K>,
  olds: Partial<Record<K, unknown>>,
  news: Partial<Record<K, unknown>>,
): PropertyChanges {
  const changes: PropertyChanges = { updates: [], replaces: [] };
  for (const key of Object.keys(table) as K[]) {
    const kind = table[key];
    if (kind === "ignore") continue;
    if (mayBeUnread(kind) && olds[key] === undefined) continue;
    if (!changed(olds[key], news[key])) continue;
    (isReplacing(kind) ? changes.replaces : changes.updates).push(key);
  }
  return changes;
}

/** Whether a change of this kind replaces the resource. */
function isReplacing(kind: ChangeKind): boolean {
  return kind === "replace" || kind === "replaceIfKnown";
}

/** Whether the vendor's reads may not report an input of this kind, so that a state may lack it (an import). */
function mayBeUnread(kind: ChangeKind): boolean {
  return kind === "writeOnly" || kind === "replaceIfKnown";
}

/** Turns {@link PropertyChanges} into the engine's answer, always with an explicit `changes`. */
export function toDiffResult(changes: PropertyChanges, deleteBeforeReplace = false): DetailedDiffResult {
  const replacing = changes.replaces.length > 0;
  return {
    changes: replacing || changes.updates.length > 0,
    replaces: changes.replaces,
    updates: changes.updates,
    deleteBeforeReplace: replacing && deleteBeforeReplace,
  };
}

/**
 * A diff with the inputs it updates in place beside those that force a replacement. The Node.js
 * dynamic-provider host forwards only `changes`, `replaces` and `deleteBeforeReplace`; the native
 * provider turns `updates` and `replaces` into the engine's detailed diff (provider/native/server.ts).
 */
export interface DetailedDiffResult extends pulumi.dynamic.DiffResult {
  updates?: string[];
}

/**
 * One argument as a program may pass it: a `pulumi.Input`, and for a list, a list whose elements may be
 * Inputs too (`forwards: [mailbox.email]`), as Pulumi's own providers type them. Not distributive: a
 * union stays one Input (`boolean` gives `Input<boolean>`, not `Input<true> | Input<false>`).
 */
export type ArgInput<T> = [T] extends [readonly (infer E)[]]
  ? pulumi.Input<pulumi.Input<E>[]>
  : pulumi.Input<T>;

/**
 * A resource's arguments as its zod schema derives them: every input may be a `pulumi.Input`, and an
 * input the schema lets a program leave out (optional, or with a default) is an optional property. The
 * public args interfaces are written by hand (they carry the docs) and checked against this type with
 * {@link ArgsAgree}.
 */
export type ResourceArgs<S extends z.ZodType> = {
  [K in keyof z.input<S>]: ArgInput<Exclude<z.input<S>[K], undefined>>;
};

/** The keys of T whose property is optional. */
type OptionalKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T];

type IsAny<T> = 0 extends 1 & T ? true : false;

/** True when A and B are each assignable to the other; `any` agrees only with `any`. */
type MutuallyAssignable<A, B> =
  IsAny<A> extends true
    ? IsAny<B>
    : IsAny<B> extends true
      ? false
      : [A] extends [B]
        ? [B] extends [A]
          ? true
          : false
        : false;

/** `true` when every property of T is `never`; otherwise T without its `never` properties. */
type TrueOrDifferences<T> = { [K in keyof T as [T[K]] extends [never] ? never : K]: T[K] } extends infer D
  ? [keyof D] extends [never]
    ? true
    : { [K in keyof D]: D[K] }
  : never;

/** The keys of both A and B that are optional in one and required in the other. */
type OptionalityDiffers<A, B> = {
  [K in keyof A & keyof B]: [K extends OptionalKeys<A> ? 1 : 0] extends [K extends OptionalKeys<B> ? 1 : 0]
    ? never
    : K;
}[keyof A & keyof B];

/** The keys of both A and B whose types (optionality aside) are not mutually assignable. */
type TypeDiffers<A, B> = {
  [K in keyof A & keyof B]: MutuallyAssignable<Required<A>[K], Required<B>[K]> extends true ? never : K;
}[keyof A & keyof B];

/**
 * `true` when the hand-written `Args` interface agrees exactly with the arguments schema `S` derives
 * ({@link ResourceArgs}): the same keys, the same optionality, mutually assignable member types. Otherwise
 * an object naming each difference, so that the check beside each interface,
 * `const _argsAgree: ArgsAgree<ServiceArgs, typeof serviceArgsSchema> = true;`, fails to compile and the
 * error says what differs, e.g. `Type 'boolean' is not assignable to type '{ notInSchema: "colour";
 * optionalityDiffers: "suspended"; }'`.
 */
export type ArgsAgree<Args, S extends z.ZodType> = TrueOrDifferences<{
  /** Inputs the schema accepts that the interface does not declare. */
  missingFromInterface: Exclude<keyof ResourceArgs<S>, keyof Args>;
  /** Members of the interface the schema does not accept (its strict object would refuse them). */
  notInSchema: Exclude<keyof Args, keyof ResourceArgs<S>>;
  /** Members optional on one side and required on the other. */
  optionalityDiffers: OptionalityDiffers<Args, ResourceArgs<S>>;
  /** Members whose types are not mutually assignable (optionality aside). */
  typeDiffers: TypeDiffers<Args, ResourceArgs<S>>;
}>;

/**
 * `true` when `Checked`, a resource's checked inputs as its args interface derives them (`CheckedArgs`,
 * ./resource-types), agrees exactly with what the schema `S` returns (`z.output`: defaults applied,
 * transforms run): the same keys, the same optionality, mutually assignable member types. Otherwise an
 * object naming each difference, as {@link ArgsAgree} does. The published types use `CheckedArgs`, which
 * does not reach zod; this check, beside each resource, keeps it true to the schema.
 */
export type InputsAgree<Checked, S extends z.ZodType> = TrueOrDifferences<{
  /** Keys the schema returns that the type lacks (or a default `Checked` does not name). */
  missingFromType: Exclude<keyof z.output<S>, keyof Checked>;
  /** Keys of the type the schema does not return. */
  notInSchema: Exclude<keyof Checked, keyof z.output<S>>;
  /** Members optional on one side and required on the other: a default left out of `Checked`, or named wrongly. */
  optionalityDiffers: OptionalityDiffers<Checked, z.output<S>>;
  /** Members whose types are not mutually assignable (optionality aside): a transform changed the type. */
  typeDiffers: TypeDiffers<Checked, z.output<S>>;
}>;

/** The keys of a resource class whose members are outputs (`id` and `urn` aside: every resource has them). */
type DeclaredOutputKeys<Resource> = Exclude<
  { [K in keyof Resource]-?: Resource[K] extends pulumi.OutputInstance<unknown> ? K : never }[keyof Resource],
  "id" | "urn"
>;

/**
 * `true` when a resource class declares an output for every key of its state type `Outputs` except the
 * `Bookkeeping` keys (named at the call site: the policy pack's facts, resolved lookups), and declares no
 * output the state lacks. Otherwise an object naming the keys, so that
 * `const _outputsDeclared: OutputsDeclared<Service, ServiceOutputs, "tariffCredits" | ...> = true;` fails to
 * compile and says which.
 */
export type OutputsDeclared<Resource, Outputs, Bookkeeping extends keyof Outputs> = TrueOrDifferences<{
  undeclaredOutputs: Exclude<keyof Outputs, keyof Resource | Bookkeeping>;
  declaredButNotInState: Exclude<DeclaredOutputKeys<Resource>, keyof Outputs>;
}>;
