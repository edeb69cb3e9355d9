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

import { setProviderConfig } from "./config";
import { flattenPolicyFacts as flat, nestPolicyFacts as nest } from "./policy-facts-protocol";

/** A resource implementation: every operation but configure, which the shim owns. */
export type ResourceImplementation<Inputs, Outputs> = Required<
  Omit<pulumi.dynamic.ResourceProvider<Inputs, Outputs>, "configure">
>;

/** Builds the provider object for a shim module from a loader of the implementation. */
export function lazyProvider<Inputs, Outputs>(
  load: () => ResourceImplementation<Inputs, Outputs>,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  // Towards the engine, the policy facts live in one nested input (policy-facts-protocol.ts); the
  // implementations keep them flat. Everything that crosses here is converted once, in this place.
  return {
    async configure(req) {
      setProviderConfig(req.config);
    },
    check: async (olds, news) => {
      const result = await load().check(flat(olds), flat(news));
      return result.inputs === undefined
        ? result
        : { ...result, inputs: withoutUndefined(nest(result.inputs)) };
    },
    diff: (id, olds, news) => load().diff(id, flat(olds), flat(news)),
    create: async (inputs) => {
      try {
        const result = await load().create(flat(inputs));
        return { ...result, outs: withoutUndefined(nest(result.outs)) };
      } catch (err) {
        throw withoutUndefinedProperties(err);
      }
    },
    read: async (id, props) => {
      const result = await load().read(id, props === undefined ? props : flat(props));
      return {
        ...result,
        props: withoutUndefined(nest(result.props)),
        inputs: withoutUndefined(nest(result.inputs)),
      };
    },
    update: async (id, olds, news) => {
      const result = await load().update(id, flat(olds), flat(news));
      return { ...result, outs: withoutUndefined(nest(result.outs)) };
    },
    delete: (id, props) => load().delete(id, flat(props)),
  };
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

// A created-but-unfinished error carries the properties the engine records.
function withoutUndefinedProperties(err: unknown): unknown {
  if (err instanceof Error && "properties" in err) {
    return Object.assign(err, {
      properties: withoutUndefined(nest((err as Error & { properties: unknown }).properties)),
    });
  }
  return err;
}
