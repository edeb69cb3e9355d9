/**
 * The object a dynamic resource hands to Pulumi as its provider.
 *
 * Pulumi serializes that object into every resource's state (`__provider`) and the dynamic-provider
 * host later rebuilds it from that text, possibly on another machine. So the object must be the whole
 * `module.exports` of a module inside this package (`provider/shims/*`): the serializer then writes a
 * one-line `require("pulumi-mailreseller/bin/shims/…")` instead of inlining code, which keeps
 * `__provider` small, portable (no absolute path) and free of credentials. Its methods load the
 * implementation only when called, and credentials come from `configure`, never from the object.
 *
 * The shim modules' paths are a public contract: state written by one release is read and deleted by
 * the next, so they must never move.
 */
import type * as pulumi from "@pulumi/pulumi";

import { setProviderConfig } from "../transport/config";
import { VendorObjectHeldError } from "../transport/errors";
import { type Operation, forgetHeld, heldByAnother, heldMessage, recordHeld, runAs } from "./holders";
import {
  POLICY_FACTS_PROPERTY,
  type Spend,
  factsOf,
  flattenPolicyFacts as flat,
  nestPolicyFacts as nest,
} from "../protocol/policy-facts-protocol";
import { type ResourceLabel, declaredKeys, describeKey, heldKeys } from "../protocol/vendor-keys";
import { warnOperator } from "./warn";
import { changed } from "./changed";

/** A resource implementation: every operation but configure, which the shim owns. */
export type ResourceImplementation<Inputs, Outputs> = Required<
  Omit<pulumi.dynamic.ResourceProvider<Inputs, Outputs>, "configure">
>;

/**
 * Builds the provider object for a shim module from a loader of the implementation. `label` is the
 * resource type as the public class names it (`outmail.Service`).
 */
export function lazyProvider<Inputs, Outputs>(
  label: ResourceLabel,
  load: () => ResourceImplementation<Inputs, Outputs>,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  // Towards the engine, the policy facts live in one nested input (policy-facts-protocol.ts); the
  // implementations keep them flat. Everything that crosses here is converted once, in this place. So is
  // "one owner per vendor object" (holders.ts): what each resource holds is recorded here, and a create
  // or delete that would touch an object another resource of the run holds stops here.
  const operation = (props: unknown): Operation => ({ label, holder: declaredAs(props) });
  return {
    async configure(req) {
      setProviderConfig(req.config);
    },
    check: async (olds, news) => {
      // The program's name for the resource is bookkeeping the implementations' schemas do not know.
      const { declaredAs: name, ...rest } = flat(news) as Record<string, unknown>;
      const result = await load().check(flat(olds), rest as Inputs);
      if (result.inputs === undefined) return result;
      const spend = (result.inputs as { spend?: Spend }).spend;
      const inputs = {
        ...result.inputs,
        ...(spend !== undefined ? { spend: { ...spend, pending: true } } : {}),
        resourceType: label,
        ...(typeof name === "string" ? { declaredAs: name } : {}),
      };
      return { ...result, inputs: asRecorded(olds, withoutUndefined(nest(inputs))) };
    },
    diff: async (id, olds, news) => {
      const result = await load().diff(id, flat(olds), flat(news));
      // Kept (updated or unchanged): from now on in this run, it holds the object it held.
      if (!result.replaces?.length) {
        recordHeld(
          heldKeys(label, id, flat(olds) as Record<string, unknown>),
          declaredAs(news) ?? declaredAs(olds),
        );
      }
      return result;
    },
    create: async (inputs) => {
      const op = operation(inputs);
      const declared = declaredKeys(label, flat(inputs) as Record<string, unknown>);
      const other = heldByAnother(declared, op.holder);
      if (other) {
        throw new VendorObjectHeldError({
          resource: op.holder ?? label,
          holder: other.holder,
          key: describeKey(other.key),
          message: heldMessage(other),
        });
      }
      // Claimed while the create runs, so a create of the same key running beside it is refused too.
      recordHeld(declared, op.holder);
      try {
        const result = await runAs(op, () => load().create(flat(inputs)));
        recordHeld(heldKeys(label, result.id, flat(result.outs) as Record<string, unknown>), op.holder);
        return { ...result, outs: applied(result.outs) };
      } catch (err) {
        // Created but unfinished: the engine records it, so it holds its object; otherwise nothing does.
        const id = (err as { id?: unknown }).id;
        if (typeof id !== "string") forgetHeld(declared);
        throw withoutUndefinedProperties(err);
      }
    },
    read: async (id, props) => {
      const result = await load().read(id, props === undefined ? props : flat(props));
      const name = declaredAs(props);
      const keep = <T>(p: T): T => (p !== undefined && name !== undefined ? { ...p, declaredAs: name } : p);
      return {
        ...result,
        props: applied(keep(result.props)),
        inputs: withoutUndefined(nest(keep(result.inputs))),
      };
    },
    update: async (id, olds, news) => {
      const op = operation(news);
      const result = await runAs(op, () => load().update(id, flat(olds), flat(news)));
      recordHeld(heldKeys(label, id, flat(result.outs) as Record<string, unknown>), op.holder);
      return { ...result, outs: applied(result.outs) };
    },
    delete: async (id, props) => {
      const op = operation(props);
      const keys = heldKeys(label, id, flat(props) as Record<string, unknown>);
      const other = heldByAnother(keys, op.holder);
      if (other) {
        // The object stays with the resource that holds it; this one only leaves the state.
        await warnOperator(
          `${op.holder ?? `${label} ${id}`}: not deleted at the vendor, because ${other.holder} holds ` +
            `${describeKey(other.key)} in this stack; it leaves the state and ${other.holder} keeps the object`,
        );
        return;
      }
      await runAs(op, () => load().delete(id, flat(props)));
      forgetHeld(keys);
    },
  };
}

/**
 * The checked inputs of a resource nothing has changed since its state was written: exactly the inputs
 * the state records, with the `spend` recorded there.
 *
 * Why: `spend` is what a change costs, so the check after a charging change (a create, a regrade)
 * computes 0 where the state recorded the charge, and the inputs differ by that alone. The engine then
 * writes the state for a resource whose diff is empty (pkg/backend/snapshot.go:424 in Pulumi 3.276), and
 * since the CLI gives a preview a snapshot manager too (pkg/backend/diy/backend.go:1393, a persister that
 * discards; 3.259 had none), each such write serializes the whole snapshot before it is dropped
 * (snapshot.go:912), one at a time: the first preview after creating N outMail services cost O(N²).
 * Nothing reads this spend: the diff ignores every fact, no resource policy reads `spend`, and the
 * credit-budget stack policy reads outputs, which for an unchanged resource are the recorded ones anyway
 * (pkg/resource/deploy/step.go:191, step_generator.go:3662).
 *
 * Only when the check charges nothing (amount 0) and everything else, the other facts included, is what
 * the state records; a resource with any change keeps the spend its check computed.
 */
function asRecorded<T>(olds: unknown, inputs: T): T {
  if (olds === null || typeof olds !== "object") return inputs;
  const { __provider: _serialized, ...recorded } = olds as Record<string, unknown>;
  const recordedSpend = factsOf(recorded).spend;
  const facts = factsOf(inputs as Record<string, unknown>);
  if (recordedSpend === undefined || facts.spend?.amount !== 0) return inputs;
  const kept = { ...inputs, [POLICY_FACTS_PROPERTY]: { ...facts, spend: recordedSpend } };
  return changed(kept, recorded) ? inputs : (kept as T);
}

/**
 * Outputs as the engine records them: facts nested, and no `spend`, because what a change spends is spent
 * once it is applied. The credit-budget policy reads outputs, and an unchanged resource's outputs are the
 * recorded ones: a recorded spend would be counted again at every later preview.
 */
function applied<T>(outs: T): T {
  if (outs === null || typeof outs !== "object") return outs;
  const { spend: _spent, ...rest } = flat(outs) as Record<string, unknown>;
  return withoutUndefined(nest(rest)) as T;
}

/** The program's name for a resource (`declaredAs`, nested or flat), when its inputs carry one. */
function declaredAs(props: unknown): string | undefined {
  if (props === null || typeof props !== "object") return undefined;
  const name = (flat(props) as Record<string, unknown>).declaredAs;
  return typeof name === "string" ? name : undefined;
}

/**
 * The host turns results into protobuf Structs, which reject `undefined` ("Unexpected struct type"):
 * an optional input left out, or an output not known yet, must be absent instead.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  ) as T;
}

// A created-but-unfinished error carries the properties the engine records as its outputs.
function withoutUndefinedProperties(err: unknown): unknown {
  if (err instanceof Error && "properties" in err) {
    return Object.assign(err, {
      properties: applied((err as Error & { properties: unknown }).properties),
    });
  }
  return err;
}
