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

/** A resource implementation: every operation but configure, which the shim owns. */
export type ResourceImplementation<Inputs, Outputs> = Required<
  Omit<pulumi.dynamic.ResourceProvider<Inputs, Outputs>, "configure">
>;

/** Builds the provider object for a shim module from a loader of the implementation. */
export function lazyProvider<Inputs, Outputs>(
  load: () => ResourceImplementation<Inputs, Outputs>,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  return {
    async configure(req) {
      setProviderConfig(req.config);
    },
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
