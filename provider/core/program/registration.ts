/**
 * How a resource class registers with the engine, in one place: its inputs carry the name the program
 * declared it under (`declaredAs`, how the provider tells resources apart: holders.ts), its options get
 * the deletion guard (deletion-guard.ts, for the types protocol/guarded-types.ts lists), its secret
 * outputs and the gate of its vendor keys (claims.ts), and its type token comes from the one table
 * (type-tokens.ts).
 */
import * as pulumi from "@pulumi/pulumi";

import { claimVendorKeys } from "./claims";
import { guardedOptions } from "./deletion-guard";
import { isGuarded } from "../protocol/guarded-types";
import { type ResourceLabel, tokenParts } from "../protocol/type-tokens";
import { describeResource } from "../protocol/vendor-keys";

/**
 * What differs between the resource types' registrations. Whether the deletion guard protects a type is
 * not one of them: the one list (protocol/guarded-types.ts) says, which the policy pack reads too.
 */
export interface RegistrationOptions {
  /** The outputs Pulumi must keep secret (a password, a token). */
  secretOutputs?: string[];
}

/**
 * The arguments after the provider of `pulumi.dynamic.Resource`'s constructor: `super(providerShim,
 * ...registration(TYPE, name, args, inputs, opts, how))`. `args` are the program's arguments (their vendor
 * keys are claimed); `inputs` what the resource registers (args, the outputs it declares, bookkeeping).
 */
export function registration(
  label: ResourceLabel,
  name: string,
  args: object,
  inputs: pulumi.Inputs,
  opts: pulumi.CustomResourceOptions | undefined,
  how: RegistrationOptions = {},
): [name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions, module: string, type: string] {
  let options = isGuarded(label) ? guardedOptions(opts) : (opts ?? {});
  if (how.secretOutputs)
    options = pulumi.mergeOptions(options, { additionalSecretOutputs: how.secretOutputs });
  return [
    name,
    { ...inputs, declaredAs: describeResource(label, name) },
    claimVendorKeys(label, name, args, options),
    ...tokenParts(label),
  ];
}
