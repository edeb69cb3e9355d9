/**
 * The resources the native provider serves: each native type token with the provider object its
 * dynamic class uses (provider/shims/*), so both front doors run one implementation of
 * check/diff/create/read/update/delete, with the same policy facts and the same one-owner bookkeeping
 * (core/resource/shim.ts). What the package schema says about secrets decides which properties go back to
 * the engine secret.
 */
import type * as pulumi from "@pulumi/pulumi";

import { NATIVE_TYPE_TOKENS, RESOURCE_LABELS, type ResourceLabel } from "../core/protocol/type-tokens";
import mailpartnerSubaccount = require("../shims/mailpartner-subaccount");
import mailupAccount = require("../shims/mailup-account");
import mailupAccountPack = require("../shims/mailup-account-pack");
import outmailService = require("../shims/outmail-service");
import partnerLiveService = require("../shims/partner-live-service");
import resellerclubForwardOnlyAccount = require("../shims/resellerclub-forward-only-account");
import resellerclubMailUser = require("../shims/resellerclub-mail-user");
import { type PackageSchema } from "./schema-types";

/** The shim each resource type's dynamic class registers with. */
const SHIMS: Record<ResourceLabel, pulumi.dynamic.ResourceProvider> = {
  "outmail.Service": outmailService,
  "partner.LiveService": partnerLiveService,
  "resellerclub.MailUser": resellerclubMailUser,
  "resellerclub.ForwardOnlyAccount": resellerclubForwardOnlyAccount,
  "mailpartner.Subaccount": mailpartnerSubaccount,
  "mailup.Account": mailupAccount,
  "mailup.AccountPack": mailupAccountPack,
};

/** One resource type as the native provider serves it. */
export interface NativeResource {
  label: ResourceLabel;
  token: string;
  provider: pulumi.dynamic.ResourceProvider;
  /** The schema's input properties: what a program may pass, and what `pulumi import` reads back. */
  inputNames: ReadonlySet<string>;
  /** The schema's outputs (inputs included). */
  outputNames: ReadonlySet<string>;
  /** Inputs the schema marks secret: never stored in plain text, and reported when passed in plain text. */
  secretInputs: ReadonlySet<string>;
  /** Outputs the schema marks secret. */
  secretOutputs: ReadonlySet<string>;
}

/** The resource types by native type token, with what the schema says about each. */
export function nativeResources(schema: PackageSchema): Map<string, NativeResource> {
  const byToken = new Map<string, NativeResource>();
  for (const label of RESOURCE_LABELS) {
    const token = NATIVE_TYPE_TOKENS[label];
    const spec = schema.resources?.[token];
    if (spec === undefined) throw new Error(`the package schema has no resource ${token}`);
    const secretNames = (props: PackageSchema["resources"][string]["properties"]) =>
      new Set(Object.keys(props ?? {}).filter((k) => props?.[k]?.secret === true));
    byToken.set(token, {
      label,
      token,
      provider: SHIMS[label],
      inputNames: new Set(Object.keys(spec.inputProperties ?? {})),
      outputNames: new Set(Object.keys(spec.properties ?? {})),
      secretInputs: secretNames(spec.inputProperties),
      secretOutputs: secretNames(spec.properties),
    });
  }
  return byToken;
}
