/**
 * `resellerclub.ForwardOnlyAccount`: an address on a ResellerClub email order that only forwards. What each
 * input's change does is decided in this file, in the order schema, check, diff, create, read, update,
 * delete, then the resource class.
 *
 * | input          | on change                                                                    |
 * |----------------|------------------------------------------------------------------------------|
 * | orderId, email | replace; the old account is deleted first (the address is unique)            |
 * | forwards       | in place: a set (order and duplicates do not matter); new addresses are added |
 * |                | first, then the dropped ones deleted, so the account never has none         |
 * | adopt          | ignored after creation                                                       |
 *
 * `pulumi import` (the native provider) takes the id `adopt` takes, "ORDER_ID/EMAIL", and accepts what
 * `adopt` accepts: a forward-only account, not a mailbox. The search record reports every input, so
 * nothing is left for the program to fill in.
 *
 * Beside the vendor's client (./client), it relies on the order's addresses (./mail-accounts), adoption
 * (core/resource/adopt) and lost writes (core/resource/lost-write), and on what every resource shares: core/resource/inputs (check and
 * diff), core/resource/policy-facts, core/program/claims and core/protocol/vendor-keys (one owner per object), core/program/deletion-guard,
 * core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { CheckedArgs } from "../core/resource/resource-types";
import { requireAdoptable } from "../core/resource/adopt";
import { emailAddress, typeError } from "../core/resource/fields";
import { confirmLostWrite } from "../core/resource/lost-write";
import { notFoundAtVendor } from "../core/transport/errors";
import {
  ArgsAgree,
  ChangeTable,
  InputsAgree,
  OutputsDeclared,
  changedProperties,
  checkInputs,
  toDiffResult,
} from "../core/resource/inputs";
import { PolicyFacts, policyFactsIgnored, replacingProperties } from "../core/resource/policy-facts";
import type { ResourceImplementation } from "../core/resource/shim";
import { unlessGone } from "../core/transport/gone";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import providerShim = require("../shims/resellerclub-forward-only-account");
import {
  ResellerclubClient,
  accountKindOf,
  forwardArgsOf,
  normaliseForwards,
  resellerclubClientFromConfig,
} from "./client";
import {
  addressSchema,
  adoptIdSchema,
  importedAccount,
  orderIdSchema,
  recoverCreate,
  splitId,
} from "./mail-accounts";

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

/**
 * @internal The inputs of a forward-only account: the single source of their validation (check). Their docs
 * are on {@link ForwardOnlyAccountArgs}, and the type of the checked inputs derives from it; compile-time
 * checks keep both in step with this schema. Kept out of the published types, which must not reach zod.
 */
export const forwardOnlyAccountArgsSchema = z
  .object({
    orderId: orderIdSchema,
    email: addressSchema,
    forwards: z
      .array(emailAddress("an email address"), { error: typeError("a list of email addresses") })
      .min(1, "must list at least one address: a forward-only account needs somewhere to forward to")
      // 100 is ours: ResellerClub documents no limit on the comma-separated list.
      .max(100, "must list at most 100 addresses")
      // A set: normalised so that order, case and duplicates never show as a change.
      .transform((list) => [...new Set(list.map((a) => a.toLowerCase()))].sort()),
    adopt: adoptIdSchema("forward-only account").optional(),
  })
  .strict();

/** Inputs after check (forwards normalised). */
export type ForwardOnlyAccountInputs = CheckedArgs<ForwardOnlyAccountArgs> & PolicyFacts;
/** State: the inputs; the resource id is "ORDER_ID/EMAIL". */
export type ForwardOnlyAccountOutputs = ForwardOnlyAccountInputs;

const changeTable: ChangeTable<keyof ForwardOnlyAccountInputs> = {
  orderId: "replace",
  email: "replace",
  forwards: "update",
  adopt: "ignore",
  ...policyFactsIgnored,
};

function client(): ResellerclubClient {
  return resellerclubClientFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff, create, read, update, delete
// ---------------------------------------------------------------------------------------------------

async function check(
  olds: Partial<ForwardOnlyAccountInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<ForwardOnlyAccountInputs>> {
  const result = checkInputs(forwardOnlyAccountArgsSchema, news, {
    resource: "resellerclub.ForwardOnlyAccount",
  });
  if (!result.inputs) return { failures: result.failures };
  const replacing = replacingProperties(changeTable, olds, result.inputs, olds.email === undefined);
  return { inputs: { ...result.inputs, replacing }, failures: [] };
}

async function diff(
  _id: string,
  olds: ForwardOnlyAccountOutputs,
  news: ForwardOnlyAccountInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return toDiffResult(changedProperties(changeTable, olds, news), true);
}

async function create(
  inputs: ForwardOnlyAccountInputs,
): Promise<pulumi.dynamic.CreateResult<ForwardOnlyAccountOutputs>> {
  const api = client();
  if (inputs.adopt !== undefined) {
    const [orderId, email] = splitId(inputs.adopt);
    const live = await api.findUser(orderId, email);
    if (!live) {
      throw notFoundAtVendor(
        { vendor: "resellerclub", operation: "adopt forward-only account", resource: inputs.adopt },
        `cannot adopt ${inputs.adopt}: no such account on order ${orderId}`,
      );
    }
    const a = forwardArgsOf(orderId, live);
    requireAdoptable("resellerclub", inputs.adopt, "a forward-only account", [
      ["orderId", inputs.orderId, a.orderId],
      ["email", inputs.email, a.email],
      ["forwards", inputs.forwards, a.forwards],
      ["kind", "forward-only account", accountKindOf(live)],
    ]);
    return { id: `${orderId}/${email}`, outs: inputs };
  }
  try {
    await api.addForwardOnlyAccount(inputs.orderId, inputs.email, inputs.forwards);
  } catch (err) {
    await recoverCreate(api, inputs.orderId, inputs.email, err, (live) => live.forwardOnly, {
      resource: `resellerclub.ForwardOnlyAccount ${inputs.email}`,
      compare: (live) => [
        ["kind", "forward-only account", accountKindOf(live)],
        ["forwards", inputs.forwards, forwardArgsOf(inputs.orderId, live).forwards],
      ],
    });
  }
  return { id: `${inputs.orderId}/${inputs.email}`, outs: inputs };
}

async function read(
  id: string,
  props?: ForwardOnlyAccountOutputs,
): Promise<pulumi.dynamic.ReadResult<ForwardOnlyAccountOutputs>> {
  if (props === undefined) {
    // `pulumi import` (the native provider's Read with the id alone): the account `adopt` would take.
    const found = await importedAccount(client(), id, "forward-only account");
    if (found === undefined) return {};
    const inputs: ForwardOnlyAccountInputs = forwardArgsOf(found.orderId, found.live);
    return { id: `${found.orderId}/${found.email}`, props: inputs, inputs };
  }
  const [orderId, email] = splitId(id);
  const live = await client().findUser(orderId, email);
  if (!live) return {}; // deleted outside Pulumi
  const inputs: ForwardOnlyAccountInputs = {
    ...forwardArgsOf(orderId, live),
    email,
    adopt: props?.adopt,
  };
  return { id, props: inputs, inputs };
}

/**
 * Adding and deleting forwards are changes by difference, not absolute sets, so the difference is taken
 * from the live list rather than from state: a previous run whose answer was lost (or that stopped
 * between the add and the delete) may have applied part of it, and state would then ask for an address
 * that is already there, or delete one that is not.
 */
async function update(id: string, _olds: ForwardOnlyAccountOutputs, news: ForwardOnlyAccountInputs) {
  const api = client();
  const live = await api.findUser(news.orderId, news.email);
  if (!live) {
    throw notFoundAtVendor(
      {
        vendor: "resellerclub",
        operation: "update forwards",
        resource: `${news.email} on order ${news.orderId}`,
      },
      `could not update forwards (${news.email} on order ${news.orderId}): the account no longer exists ` +
        "(mail/users/search finds no such address)",
      `Run \`pulumi refresh\` to drop ${id} from the state, then \`pulumi up\` to create it again`,
    );
  }
  const current = normaliseForwards(live.forwards);
  const added = news.forwards.filter((f) => !current.includes(f));
  const removed = current.filter((f) => !news.forwards.includes(f));
  const liveForwards = async () =>
    normaliseForwards((await api.findUser(news.orderId, news.email))?.forwards ?? []);
  if (added.length > 0) {
    await api.addForwards(news.orderId, news.email, added).catch((err: unknown) =>
      confirmLostWrite(
        err,
        async () => {
          const now = await liveForwards();
          return added.every((f) => now.includes(f));
        },
        `${added.join(", ")} ${added.length === 1 ? "is" : "are"} not among the forwards, so nothing was added; it is safe to run \`pulumi up\` again`,
      ),
    );
  }
  if (removed.length > 0) {
    await api.deleteForwards(news.orderId, news.email, removed).catch((err: unknown) =>
      confirmLostWrite(
        err,
        async () => {
          const now = await liveForwards();
          return removed.every((f) => !now.includes(f));
        },
        `${removed.join(", ")} ${removed.length === 1 ? "is" : "are"} still among the forwards, so nothing was deleted; it is safe to run \`pulumi up\` again`,
      ),
    );
  }
  return { outs: news };
}

async function remove(id: string): Promise<void> {
  const [orderId, email] = splitId(id);
  await unlessGone(() => client().deleteUser(orderId, email));
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<ForwardOnlyAccountInputs, ForwardOnlyAccountOutputs> = {
  check,
  diff,
  create,
  read,
  update,
  delete: remove,
};

// ---------------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------------

/** The arguments of {@link ForwardOnlyAccount}. */
export interface ForwardOnlyAccountArgs {
  /**
   * Id (digits) of the email (or domain/hosting) order the address belongs to. Changing it replaces the
   * account, deleting the old one first.
   */
  orderId: pulumi.Input<string>;
  /**
   * The forwarding address; its domain must be the order's (any case; stored lower case). Changing it
   * replaces the account, deleting the old one first (addresses are unique at ResellerClub).
   */
  email: pulumi.Input<string>;
  /**
   * Where mail is forwarded: 1 to 100 email addresses. A set: order, case and duplicates do not matter.
   * Adding or removing addresses updates in place (new ones are added before dropped ones are deleted, so
   * the account never has none). Elements may be Outputs, e.g. `[mailbox.email]`.
   */
  forwards: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * An existing forward-only account to take over instead of creating one, as `"ORDER_ID/EMAIL"`: the
   * import path. Nothing is created; creation fails, listing each difference, when it does not match these
   * inputs. Ignored after creation.
   */
  adopt?: pulumi.Input<string>;
}

const _forwardOnlyAccountArgsAgree: ArgsAgree<ForwardOnlyAccountArgs, typeof forwardOnlyAccountArgsSchema> =
  true;
const _forwardOnlyAccountInputsAgree: InputsAgree<
  CheckedArgs<ForwardOnlyAccountArgs>,
  typeof forwardOnlyAccountArgsSchema
> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "resellerclub.ForwardOnlyAccount" satisfies ResourceLabel;

/**
 * An address on a ResellerClub email order that forwards to others. `forwards` is a set: reordering or
 * repeating addresses changes nothing, adding or removing them updates in place (added before removed,
 * so it is never empty). `orderId` and `email` are its identity: changing either replaces it, deleting
 * first. Set `adopt` to "ORDER_ID/EMAIL" to manage an existing forward-only account. The resource id is
 * "ORDER_ID/EMAIL". Type tokens: `pulumi-nodejs:dynamic/resellerclub:ForwardOnlyAccount` (this class), `mailreseller:resellerclub:ForwardOnlyAccount` (the
 * native provider plugin).
 *
 * This class protects it by default (the deletion guard; a program of the native provider plugin sets
 * `protect` itself, which the policy pack's `deletion-guard` requires): the engine refuses, in preview
 * and in `up`, to delete it or replace it, unless the program passes `protect: false` or the stack sets `mailreseller:deletionGuard`
 * to false. To delete one on purpose: `pulumi state unprotect <urn>`, then remove it from the program.
 */
export class ForwardOnlyAccount extends pulumi.dynamic.Resource {
  /** The order the address belongs to. */
  declare public readonly orderId: pulumi.Output<string>;
  /** The forwarding address, lower case. */
  declare public readonly email: pulumi.Output<string>;
  /** Where mail is forwarded: lower case, sorted, without duplicates. */
  declare public readonly forwards: pulumi.Output<string[]>;
  /** The "ORDER_ID/EMAIL" this resource took over, when it was adopted rather than created. */
  declare public readonly adopt: pulumi.Output<string | undefined>;

  constructor(name: string, args: ForwardOnlyAccountArgs, opts?: pulumi.CustomResourceOptions) {
    // Optional inputs too: the SDK creates an output only for a property passed here.
    super(providerShim, ...registration(TYPE, name, args, { adopt: undefined, ...args }, opts));
  }
}

const _forwardOnlyAccountOutputsDeclared: OutputsDeclared<
  ForwardOnlyAccount,
  ForwardOnlyAccountOutputs,
  keyof PolicyFacts
> = true;
