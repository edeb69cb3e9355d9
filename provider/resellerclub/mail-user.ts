/**
 * `resellerclub.MailUser`: a mailbox on a ResellerClub email order. What each input's change does is
 * decided in this file, in the order schema, check, diff, create, read, update, delete, then the resource
 * class.
 *
 * | input                                   | on change                                                 |
 * |-----------------------------------------|-----------------------------------------------------------|
 * | orderId, email                          | replace; the old mailbox is deleted first (the address    |
 * |                                         | is unique)                                                |
 * | firstName, lastName, notificationEmail  | in place (mail/user/modify.json, which sets all three)     |
 * | password                                | in place (mail/user/change-password.json, with the old     |
 * |                                         | password from state); write-only: never read back; after  |
 * |                                         | an import, the program's value is taken as it is (the     |
 * |                                         | vendor has nothing to compare it with)                    |
 * | countryCode, languageCode               | replace: no call changes them after creation              |
 * | adopt                                   | ignored after creation                                    |
 *
 * `pulumi import` (the native provider) takes the id `adopt` takes, "ORDER_ID/EMAIL", and accepts what
 * `adopt` accepts: a mailbox, not a forward-only account. It reads every input but the password from the
 * mailbox's search record; names and codes stay ordinary inputs, since ResellerClub reports them.
 *
 * Beside the vendor's client (./client), it relies on the order's addresses (./mail-accounts) and adoption
 * (core/resource/adopt), and on what every resource shares: core/resource/inputs (check and diff), core/resource/policy-facts,
 * core/program/claims and core/protocol/vendor-keys (one owner per object), core/program/deletion-guard, core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { CheckedArgs } from "../core/resource/resource-types";
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
import {
  PolicyFacts,
  plainSecretInputNames,
  policyFactsIgnored,
  replacingProperties,
  takePlainSecretInputs,
} from "../core/resource/policy-facts";
import { requireAdoptable } from "../core/resource/adopt";
import { emailAddress, letterCode, text } from "../core/resource/fields";
import { registerSecret } from "../core/transport/redact";
import { type ResourceImplementation, withoutUndefined } from "../core/resource/shim";
import { unlessGone } from "../core/transport/gone";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import providerShim = require("../shims/resellerclub-mail-user");
import { ResellerclubClient, accountKindOf, mailboxArgsOf, resellerclubClientFromConfig } from "./client";
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
 * @internal The inputs of a mail user: the single source of their validation (check). Their docs are on
 * {@link MailUserArgs}, and the type of the checked inputs derives from it; compile-time checks keep both in
 * step with this schema. Kept out of the published types, which must not reach zod.
 */
export const mailUserArgsSchema = z
  .object({
    orderId: orderIdSchema,
    email: addressSchema,
    // 128 characters is ours: ResellerClub documents no limit on passwd.
    password: text({ expected: "a mailbox password of 8 to 128 characters", min: 8, max: 128 }),
    notificationEmail: emailAddress("an email address"),
    // 255 characters is ours, for both.
    firstName: text({ expected: "the holder's first name, at most 255 characters", max: 255 }),
    lastName: text({ expected: "the holder's last name, at most 255 characters", max: 255 }),
    countryCode: letterCode("an ISO 3166-1 alpha-2 country code such as US").transform((c) =>
      c.toUpperCase(),
    ),
    languageCode: letterCode("an ISO 639-1 language code such as en").transform((c) => c.toLowerCase()),
    adopt: adoptIdSchema("mailbox").optional(),
  })
  .strict();

/** Inputs after check, with the policy pack's facts. */
export type MailUserInputs = CheckedArgs<MailUserArgs> & PolicyFacts;
/** State: the inputs; the resource id is "ORDER_ID/EMAIL". */
export type MailUserOutputs = MailUserInputs & { status?: string };

const changeTable: ChangeTable<keyof MailUserInputs> = {
  orderId: "replace",
  email: "replace",
  countryCode: "replace",
  languageCode: "replace",
  firstName: "update",
  lastName: "update",
  notificationEmail: "update",
  password: "writeOnly",
  adopt: "ignore",
  ...policyFactsIgnored,
};

function client(): ResellerclubClient {
  return resellerclubClientFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff
// ---------------------------------------------------------------------------------------------------

async function check(
  olds: Partial<MailUserInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<MailUserInputs>> {
  const { rest, plainSecretInputs } = takePlainSecretInputs(news);
  const result = checkInputs(mailUserArgsSchema, rest, { resource: "resellerclub.MailUser" });
  if (!result.inputs) return { failures: result.failures };
  if (typeof result.inputs.password === "string") registerSecret(result.inputs.password);
  const isNew = olds.email === undefined;
  const replacing = replacingProperties(changeTable, olds, result.inputs, isNew);
  return { inputs: { ...result.inputs, plainSecretInputs, replacing }, failures: [] };
}

async function diff(
  _id: string,
  olds: MailUserOutputs,
  news: MailUserInputs,
): Promise<pulumi.dynamic.DiffResult> {
  // The address is unique at ResellerClub, so any replacement deletes the old mailbox first.
  return toDiffResult(changedProperties(changeTable, olds, news), true);
}

// ---------------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------------

async function create(inputs: MailUserInputs): Promise<pulumi.dynamic.CreateResult<MailUserOutputs>> {
  const api = client();
  const id = `${inputs.orderId}/${inputs.email}`;
  if (inputs.adopt !== undefined) return adoptMailbox(api, inputs);
  try {
    await api.addUser(inputs);
  } catch (err) {
    await recoverCreate(api, inputs.orderId, inputs.email, err, (live) => !live.forwardOnly, {
      resource: `resellerclub.MailUser ${inputs.email}`,
      compare: (live) => {
        const a = mailboxArgsOf(inputs.orderId, live);
        return [
          ["kind", "mailbox", accountKindOf(live)],
          ["firstName", inputs.firstName, a.firstName],
          ["lastName", inputs.lastName, a.lastName],
          ["notificationEmail", inputs.notificationEmail, a.notificationEmail],
          ["countryCode", inputs.countryCode, a.countryCode],
          ["languageCode", inputs.languageCode, a.languageCode],
        ];
      },
      // The password is write-only, but changing it needs the current one: "changing" it to itself
      // succeeds only when the mailbox has the program's password, which proves it is ours.
      confirm: () => api.changePassword(inputs.orderId, inputs.email, inputs.password, inputs.password),
    });
  }
  return { id, outs: { ...inputs, status: "active" } };
}

async function adoptMailbox(api: ResellerclubClient, inputs: MailUserInputs) {
  const [orderId, email] = splitId(inputs.adopt!);
  const live = await api.findUser(orderId, email);
  if (!live) {
    throw notFoundAtVendor(
      { vendor: "resellerclub", operation: "adopt mailbox", resource: inputs.adopt },
      `cannot adopt ${inputs.adopt}: no such mailbox on order ${orderId}`,
    );
  }
  const a = mailboxArgsOf(orderId, live);
  requireAdoptable("resellerclub", inputs.adopt!, "a mailbox", [
    ["orderId", inputs.orderId, a.orderId],
    ["email", inputs.email, a.email],
    ["firstName", inputs.firstName, a.firstName],
    ["lastName", inputs.lastName, a.lastName],
    ["notificationEmail", inputs.notificationEmail, a.notificationEmail],
    ["countryCode", inputs.countryCode, a.countryCode],
    ["languageCode", inputs.languageCode, a.languageCode],
    ["kind", "mailbox", accountKindOf(live)],
  ]);
  return { id: `${orderId}/${email}`, outs: { ...inputs, status: live.status ?? "active" } };
}

// ---------------------------------------------------------------------------------------------------
// read, update, delete
// ---------------------------------------------------------------------------------------------------

async function read(
  id: string,
  props?: MailUserOutputs,
): Promise<pulumi.dynamic.ReadResult<MailUserOutputs>> {
  if (props === undefined) return importMailbox(id);
  const [orderId, email] = splitId(id);
  const live = await client().findUser(orderId, email);
  if (!live) return {}; // deleted outside Pulumi
  // What the record leaves out keeps the state's value.
  const a = mailboxArgsOf(orderId, live);
  const inputs: MailUserInputs = {
    orderId,
    email: a.email,
    password: props?.password ?? "",
    notificationEmail: a.notificationEmail ?? props?.notificationEmail ?? "",
    firstName: a.firstName ?? props?.firstName ?? "",
    lastName: a.lastName ?? props?.lastName ?? "",
    countryCode: a.countryCode ?? props?.countryCode ?? "",
    languageCode: a.languageCode ?? props?.languageCode ?? "",
    adopt: props?.adopt,
  };
  return { id, props: { ...inputs, status: live.status }, inputs };
}

/**
 * `pulumi import` (the native provider's Read with the id alone): the mailbox `adopt` would take, its
 * inputs what its record reports. The password, which ResellerClub never returns, is left out (the
 * generated program gets an empty one to replace); so is a field the record leaves out, where refresh
 * keeps the state's value.
 */
async function importMailbox(id: string): Promise<pulumi.dynamic.ReadResult<MailUserOutputs>> {
  const found = await importedAccount(client(), id, "mailbox");
  if (found === undefined) return {};
  // Short of the password: the inputs of an import are what the vendor reports, no more.
  const inputs = withoutUndefined(mailboxArgsOf(found.orderId, found.live)) as MailUserInputs;
  return {
    id: `${found.orderId}/${found.email}`,
    props: withoutUndefined({ ...inputs, status: found.live.status }),
    inputs,
  };
}

async function update(id: string, olds: MailUserOutputs, news: MailUserInputs) {
  const api = client();
  const { updates } = changedProperties(changeTable, olds, news);
  if (updates.some((u) => u === "firstName" || u === "lastName" || u === "notificationEmail")) {
    await api.modifyUser(news.orderId, news.email, news);
  }
  if (updates.includes("password"))
    await api.changePassword(news.orderId, news.email, olds.password, news.password);
  return { outs: { ...news, status: olds.status } };
}

async function remove(id: string): Promise<void> {
  const [orderId, email] = splitId(id);
  await unlessGone(() => client().deleteUser(orderId, email));
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<MailUserInputs, MailUserOutputs> = {
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

/** The arguments of {@link MailUser}. */
export interface MailUserArgs {
  /**
   * Id (digits) of the email (or domain/hosting) order the mailbox belongs to. Changing it replaces the
   * mailbox, deleting the old one first.
   */
  orderId: pulumi.Input<string>;
  /**
   * The mailbox's address; its domain must be the order's (any case; stored lower case). Changing it
   * replaces the mailbox, deleting the old one first (addresses are unique at ResellerClub).
   */
  email: pulumi.Input<string>;
  /**
   * Mailbox password, 8 to 128 characters. Secret: pass it as a Pulumi secret (`config.requireSecret`,
   * `pulumi.secret`); the policy pack blocks a plain value, and the `password` output is secret.
   * Write-only: never read back; changing it changes the password in place, with the previous one (from
   * state) as ResellerClub requires. Not verified by `adopt` or `pulumi import`: the value declared then
   * is taken as it is (nothing is sent), and is the previous password the next change sends.
   */
  password: pulumi.Input<string>;
  /** Email address where ResellerClub sends the mailbox's notifications. Changing it updates in place. */
  notificationEmail: pulumi.Input<string>;
  /** The mailbox holder's first name, 1 to 255 characters. Changing it updates in place. */
  firstName: pulumi.Input<string>;
  /** The mailbox holder's last name, 1 to 255 characters. Changing it updates in place. */
  lastName: pulumi.Input<string>;
  /**
   * ISO 3166-1 alpha-2 country code such as `US` (any case; stored upper case). ResellerClub cannot change
   * it: changing it replaces the mailbox.
   */
  countryCode: pulumi.Input<string>;
  /**
   * ISO 639-1 language code such as `en` (any case; stored lower case). ResellerClub cannot change it:
   * changing it replaces the mailbox.
   */
  languageCode: pulumi.Input<string>;
  /**
   * An existing mailbox to take over instead of creating one, as `"ORDER_ID/EMAIL"`: the import path.
   * Nothing is created; creation fails, listing each difference, when the mailbox does not match these
   * inputs. Ignored after creation.
   */
  adopt?: pulumi.Input<string>;
}

const _mailUserArgsAgree: ArgsAgree<MailUserArgs, typeof mailUserArgsSchema> = true;
const _mailUserInputsAgree: InputsAgree<CheckedArgs<MailUserArgs>, typeof mailUserArgsSchema> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "resellerclub.MailUser" satisfies ResourceLabel;

/**
 * A mailbox on a ResellerClub email order. `orderId` and `email` are its identity: changing either
 * replaces it, deleting the old mailbox first (preview says so). Names and notification email update in
 * place, the password too (with the previous one, from state); country and language cannot change after
 * creation and replace it. Set `adopt` to "ORDER_ID/EMAIL" to manage an existing mailbox. The resource id
 * is "ORDER_ID/EMAIL". Type tokens: `pulumi-nodejs:dynamic/resellerclub:MailUser` (this class), `mailreseller:resellerclub:MailUser` (the
 * native provider plugin).
 *
 * This class protects it by default (the deletion guard; a program of the native provider plugin sets
 * `protect` itself, which the policy pack's `deletion-guard` requires): the engine refuses, in preview
 * and in `up`, to delete it or replace it, unless the program passes `protect: false` or the stack sets `mailreseller:deletionGuard`
 * to false. To delete one on purpose: `pulumi state unprotect <urn>`, then remove it from the program.
 */
export class MailUser extends pulumi.dynamic.Resource {
  /** The order the mailbox belongs to. */
  declare public readonly orderId: pulumi.Output<string>;
  /** The mailbox's address, lower case. */
  declare public readonly email: pulumi.Output<string>;
  /** The password as configured (secret; ResellerClub never returns it). */
  declare public readonly password: pulumi.Output<string>;
  /** Where the mailbox's notifications go. */
  declare public readonly notificationEmail: pulumi.Output<string>;
  /** The holder's first name. */
  declare public readonly firstName: pulumi.Output<string>;
  /** The holder's last name. */
  declare public readonly lastName: pulumi.Output<string>;
  /** The country code, upper case. */
  declare public readonly countryCode: pulumi.Output<string>;
  /** The language code, lower case. */
  declare public readonly languageCode: pulumi.Output<string>;
  /** The "ORDER_ID/EMAIL" this resource took over, when it was adopted rather than created. */
  declare public readonly adopt: pulumi.Output<string | undefined>;
  /** The mailbox's status as ResellerClub reports it ("active" after creation). */
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: MailUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim,
      ...registration(
        TYPE,
        name,
        args,
        {
          status: undefined,
          // Optional inputs too: the SDK creates an output only for a property passed here.
          adopt: undefined,
          ...args,
          plainSecretInputs: plainSecretInputNames({ password: args.password }),
        },
        opts,
        { secretOutputs: ["password"] },
      ),
    );
  }
}

const _mailUserOutputsDeclared: OutputsDeclared<MailUser, MailUserOutputs, keyof PolicyFacts> = true;
