/**
 * What the policy pack needs to judge a change, recorded by `check` in the checked inputs.
 *
 * Pulumi's analyzers see a resource's checked inputs, never its old state, so a policy cannot tell a
 * downgrade from a new resource unless check writes the transition down. Every field here is bookkeeping:
 * each resource's change table ignores it, so it never causes a diff, and it is recomputed from `olds`
 * and `news` at every check (stable: the same program and state give the same facts). A resource that
 * nothing has changed keeps the `spend` its state records (shim.ts, asRecorded).
 */
import * as pulumi from "@pulumi/pulumi";

import { changedProperties, isUnknown, unknownValue } from "./inputs";
import type { ChangeTable } from "./resource-types";
import {
  type Direction,
  POLICY_FACTS_PROPERTY,
  POLICY_FACT_KEYS,
  type PolicyFactsRecord,
  type Transition,
} from "../protocol/policy-facts-protocol";

export type { Direction, Transition } from "../protocol/policy-facts-protocol";

/**
 * The bookkeeping fields check adds, as the implementations see them (flat); the shim keeps them in the
 * one nested `policyFacts` input towards the engine (provider/core/protocol/policy-facts-protocol.ts). The change
 * tables ignore them all.
 */
export type PolicyFacts = Omit<PolicyFactsRecord, "tariffCredits">;

/** The change-table rows for {@link PolicyFacts}: none of them ever causes a diff. */
export const policyFactsIgnored = Object.fromEntries(
  [POLICY_FACTS_PROPERTY, ...POLICY_FACT_KEYS.filter((key) => key !== "tariffCredits")].map((key) => [
    key,
    "ignore",
  ]),
) as ChangeTable<keyof PolicyFacts | typeof POLICY_FACTS_PROPERTY>;

/** The direction of a move from rank `from` to rank `to`. */
export function directionOf(from: number, to: number): Direction {
  return to > from ? "up" : to < from ? "down" : "same";
}

/** A change along an ordering; its direction is "unknown" (policies block it) when either rank is. */
export function rankedTransition(
  property: string,
  from: string | number,
  to: string | number,
  basis: string,
  fromRank?: number,
  toRank?: number,
): Transition {
  const direction =
    fromRank !== undefined && toRank !== undefined ? directionOf(fromRank, toRank) : "unknown";
  return { property, from, to, direction, basis, fromRank, toRank };
}

/** A transition whose new value preview does not know yet. */
export function unknownTransition(property: string, from: string | number, basis: string): Transition {
  return { property, from, to: unknownValue, direction: "unknown", basis };
}

/**
 * The replace-kind properties that differ between the old inputs and the new: what the diff will
 * replace the resource for, by the diff's own rule (changedProperties). Empty for a new resource (no old
 * inputs) or when nothing replaces it.
 */
export function replacingProperties<K extends string>(
  table: ChangeTable<K>,
  olds: Partial<Record<K, unknown>>,
  news: Partial<Record<K, unknown>>,
  isNew: boolean,
): string[] {
  if (isNew) return [];
  return changedProperties(table, olds, news).replaces;
}

/**
 * Takes the program-computed `plainSecretInputs` out of the raw inputs (the schema does not know it) and
 * validates it: a list of input names, or unknown.
 */
export function takePlainSecretInputs(news: Record<string, unknown>): {
  rest: Record<string, unknown>;
  plainSecretInputs?: string[];
} {
  const { plainSecretInputs, ...rest } = news;
  if (isUnknown(plainSecretInputs)) return { rest, plainSecretInputs: [unknownValue] };
  const valid =
    Array.isArray(plainSecretInputs) && plainSecretInputs.every((n): n is string => typeof n === "string");
  return { rest, plainSecretInputs: valid ? plainSecretInputs : undefined };
}

/**
 * Program side: the names of the given secret-meant inputs that are not Pulumi secrets (plain strings,
 * or outputs not marked secret). Passed to the resource as `plainSecretInputs`, so the policy pack's
 * `secrets-must-be-secret` can see what the provider cannot (the engine unwraps secrets before check).
 */
export function plainSecretInputNames(
  values: Record<string, pulumi.Input<string> | undefined>,
): pulumi.Output<string[]> {
  const names = Object.entries(values).map(async ([name, value]) => {
    if (value === undefined) return undefined;
    if (pulumi.Output.isInstance(value))
      return (await pulumi.isSecret(value as pulumi.Output<string>)) ? undefined : name;
    return name;
  });
  return pulumi.output(Promise.all(names).then((list) => list.filter((n): n is string => n !== undefined)));
}
