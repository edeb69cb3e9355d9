/**
 * `mailpartner.Subaccount`: a MailPartner sub-account. MailPartner documents only creating and listing
 * sub-accounts (no read-one, update or delete call), so most of this file is about being honest where the
 * API cannot do what a diff would ask. In the order schema, check, diff, create, read, update, delete, then
 * the resource class.
 *
 * | input                                   | on change                                                 |
 * |-----------------------------------------|-----------------------------------------------------------|
 * | type                                    | replace: MailPartner says the choice is final             |
 * | email                                   | replace (it is the sub-account's identity); left out on a |
 * |                                         | simple sub-account, the generated address is kept         |
 * | creditToAttribute                       | creation only: moved once, when the sub-account is        |
 * |                                         | created; a later change moves no money, and diff warns    |
 * |                                         | at every preview until the program matches again          |
 * | isBuyer, title, firstName, lastName     | creation only: no call changes them; diff warns likewise  |
 * | adopt                                   | ignored after creation                                    |
 *
 * No call returns the creation-only inputs. On a sub-account taken over (adopted, or imported), a state
 * that does not hold one does not know it, so the program's first value is taken as it is, without a
 * warning; on one this resource created, a state without it means it was never set, and a later value
 * is a change MailPartner cannot apply, warned about as above. Which of the two a state is, its `adopt`
 * output says.
 *
 * `pulumi import` (the native provider) takes the id `adopt` takes, the sub-account's address, and
 * accepts what `adopt` accepts: a simple or advanced sub-account. The list reports its address and type
 * only; the import records `adopt` (the address) in the outputs, as adopting does, and no credit moved
 * (`creditAttributed` 0). An advanced one needs `isBuyer` in the program (check requires it).
 *
 * Delete makes no call (there is none): the resource leaves the state with a warning that the sub-account,
 * and whatever credit it holds, still exists at MailPartner.
 *
 * Beside the vendor's client (./client), it relies on adoption (core/resource/adopt), crash take-over
 * (core/resource/take-over) and lost writes (core/resource/lost-write), and on what every resource shares: core/resource/inputs (check
 * and diff), core/resource/policy-facts, core/program/claims and core/protocol/vendor-keys (one owner per object), core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { requireAdoptable } from "../core/resource/adopt";
import type { CheckedArgs } from "../core/resource/resource-types";
import { emailAddress, finiteNumber, flag, text } from "../core/resource/fields";
import {
  notFoundAtVendor,
  outcomeUnknownError,
  refusedBeforeCall,
  VendorError,
  withHint,
} from "../core/transport/errors";
import { lookUp, mayHaveBeenApplied, outcomeUnknown } from "../core/resource/lost-write";
import {
  ArgsAgree,
  ChangeTable,
  InputsAgree,
  OutputsDeclared,
  changedProperties,
  checkInputs,
  containsUnknown,
  toDiffResult,
} from "../core/resource/inputs";
import { PolicyFacts, policyFactsIgnored, replacingProperties } from "../core/resource/policy-facts";
import type { ResourceImplementation } from "../core/resource/shim";
import { takeOverOnConflict } from "../core/resource/take-over";
import { warnOperator } from "../core/resource/warn";
import { changed } from "../core/resource/changed";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import providerShim = require("../shims/mailpartner-subaccount");
import {
  MailpartnerClient,
  type SubaccountRecord,
  mailpartnerClientFromConfig,
  subaccountArgsOf,
} from "./client";

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

/**
 * @internal The inputs of a sub-account: the single source of their validation (check, with
 * {@link subaccountRules}). Their docs are on {@link SubaccountArgs}, and the type of the checked inputs
 * derives from it; compile-time checks keep both in step with this schema. Kept out of the published
 * types, which must not reach zod.
 */
export const subaccountArgsSchema = z
  .object({
    type: z.enum(["simple", "advanced"], 'must be "simple" or "advanced"'),
    email: emailAddress("an email address")
      .transform((e) => e.toLowerCase())
      .optional(),
    isBuyer: flag().optional(),
    creditToAttribute: finiteNumber("euros greater than 0, at most 100000, with at most 2 decimals")
      .positive("must be greater than 0 (euros)")
      // 100000 is ours: MailPartner documents no ceiling; it stops a slip of the decimal point.
      .max(100_000, "must be at most 100000 (euros)")
      .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, "must be euros with at most 2 decimals")
      .optional(),
    // 255 characters is ours, for the three: MailPartner documents no limit.
    title: text({ expected: "the sub-account's name, at most 255 characters", max: 255 }).optional(),
    firstName: text({ expected: "the holder's first name, at most 255 characters", max: 255 }).optional(),
    lastName: text({ expected: "the holder's last name, at most 255 characters", max: 255 }).optional(),
    adopt: emailAddress("the email address of an existing sub-account")
      .transform((e) => e.toLowerCase())
      .optional(),
    allowWithoutEmail: flag().optional(),
  })
  .strict();

/** What the schema alone cannot say: the fields each type requires or refuses. */
function subaccountRules(args: z.infer<typeof subaccountArgsSchema>): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (args.type === "advanced") {
    if (args.email === undefined) {
      failures.push({ property: "email", reason: "is required for an advanced sub-account" });
    }
    if (args.isBuyer === undefined) {
      failures.push({ property: "isBuyer", reason: "is required for an advanced sub-account" });
    }
  } else if (args.type === "simple" && args.isBuyer !== undefined) {
    failures.push({
      property: "isBuyer",
      reason: "applies to advanced sub-accounts only (a simple sub-account cannot buy)",
    });
  }
  return failures;
}

/** Inputs after check, with the policy pack's facts. */
export type SubaccountInputs = CheckedArgs<SubaccountArgs> & PolicyFacts;

/** State: the inputs, with `email` always set, plus what MailPartner answered. The id is the email. */
export type SubaccountOutputs = Omit<SubaccountInputs, "email"> & {
  email: string;
  /** True when MailPartner generated `email` (a simple sub-account created without one). */
  emailGenerated: boolean;
  /** The sub-account's identifier at MailPartner: a credential, kept secret. */
  token: string;
  /** Euros moved from the parent at creation: 0 when none was asked for or the sub-account was adopted. */
  creditAttributed: number;
  sendConfirmMailTo?: string;
  parentEmail?: string;
};

/** The inputs set at creation only: a change is warned about and not applied. */
const creationOnlyInputs = ["creditToAttribute", "isBuyer", "title", "firstName", "lastName"] as const;

const changeTable: ChangeTable<keyof SubaccountInputs> = {
  type: "replace",
  email: "replace",
  creditToAttribute: "ignore",
  isBuyer: "ignore",
  title: "ignore",
  firstName: "ignore",
  lastName: "ignore",
  adopt: "ignore",
  allowWithoutEmail: "ignore",
  ...policyFactsIgnored,
};

function client(): MailpartnerClient {
  return mailpartnerClientFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff, create, read, update, delete
// ---------------------------------------------------------------------------------------------------

/**
 * A new simple sub-account without an address has no unique key: nothing can find it again, so a run
 * killed while MailPartner creates it leaves an orphan holding its credit, and the next `up` creates
 * another (core/resource/take-over.ts cannot help). Refused unless the program accepts that cost explicitly.
 * Existing ones (created before this rule) are left alone: the risk is only at creation.
 */
function unkeyedFailure(inputs: SubaccountInputs, isNew: boolean): pulumi.dynamic.CheckFailure | undefined {
  if (!isNew || inputs.type !== "simple" || inputs.email !== undefined || inputs.adopt !== undefined) return;
  if (inputs.allowWithoutEmail === true) return;
  return {
    property: "email",
    reason:
      "is needed for a new simple sub-account, as its unique key: without one, a run killed while " +
      "MailPartner creates it leaves a sub-account nothing can find (holding the credit moved to it) and " +
      "the next `pulumi up` creates another. Give it an email, or set `allowWithoutEmail: true` to accept that",
  };
}

async function check(
  olds: Partial<SubaccountInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<SubaccountInputs>> {
  const result = checkInputs(subaccountArgsSchema, news, {
    resource: "mailpartner.Subaccount",
    crossFieldRules: subaccountRules,
  });
  if (!result.inputs) return { failures: result.failures };
  const inputs: SubaccountInputs = result.inputs;
  const isNew = olds.type === undefined;
  const unkeyed = unkeyedFailure(inputs, isNew);
  if (unkeyed) return { failures: [unkeyed] };
  // A left-out address keeps the generated one (see diff): only a named, different one replaces.
  const compared = { ...inputs, email: inputs.email ?? olds.email };
  const replacing = replacingProperties(changeTable, olds, compared, isNew);
  // Money moves only when a sub-account is created (a replacement creates one); adopting moves none.
  const creating = (isNew && inputs.adopt === undefined) || replacing.length > 0;
  const spend = { amount: creating ? (inputs.creditToAttribute ?? 0) : 0, unit: "EUR" as const };
  return { inputs: { ...inputs, replacing, spend }, failures: [] };
}

/**
 * The warning for creation-only inputs whose program value differs from the sub-account's (its state:
 * what was set at creation, or what refresh read), or undefined. It repeats at every preview and `up`
 * until the program matches, so a change that cannot be applied never goes quiet. A change that replaces
 * the sub-account applies them to the new one, so it gets no warning.
 */
export function unappliedChangeWarning(
  olds: Partial<SubaccountOutputs>,
  news: SubaccountInputs,
): string | undefined {
  const replaced = olds.type !== news.type || (news.email !== undefined && olds.email !== news.email);
  if (replaced) return undefined;
  // A sub-account taken over: what its state does not hold is unknown, not unset (see the header).
  const takenOver = olds.adopt !== undefined;
  const differing = creationOnlyInputs.filter(
    (key) => !(takenOver && olds[key] === undefined) && changed(olds[key], news[key]),
  );
  if (differing.length === 0) return undefined;
  const who = `mailpartner.Subaccount ${olds.email ?? `(${olds.type}, generated address)`}`;
  const lines = differing.map((key) => `${key}: ${show(olds[key])} → ${show(news[key])}`);
  const money = differing.includes("creditToAttribute")
    ? " MailPartner moves credit only when a sub-account is created, so no money moves; add credit in the " +
      "MailPartner dashboard if that is what you meant."
    : "";
  return (
    `${who}: the program changes ${differing.join(", ")}, but MailPartner has no call to change an existing ` +
    `sub-account: the change is not applied and the sub-account is left as it is.${money} Set the ` +
    `program back to the sub-account's values to silence this warning. (${lines.join("; ")})`
  );
}

function show(value: unknown): string {
  return value === undefined ? "unset" : JSON.stringify(value);
}

async function diff(
  _id: string,
  olds: SubaccountOutputs,
  news: SubaccountInputs,
): Promise<pulumi.dynamic.DiffResult> {
  // A simple sub-account created without an address keeps the generated one while the program leaves
  // it out; naming one (or another) is a new identity.
  const wanted = { ...news, email: news.email ?? olds.email };
  // Diff, not check, warns: only diff sees the state's outputs, which hold what MailPartner has.
  if (!containsUnknown(news)) {
    const warning = unappliedChangeWarning(olds, news);
    if (warning !== undefined) await warnOperator(warning);
  }
  return toDiffResult(changedProperties(changeTable, olds, wanted));
}

async function create(inputs: SubaccountInputs): Promise<pulumi.dynamic.CreateResult<SubaccountOutputs>> {
  const api = client();
  if (inputs.adopt !== undefined) return adoptSubaccount(api, inputs, inputs.adopt);
  let answer: Awaited<ReturnType<MailpartnerClient["createSubaccount"]>>;
  try {
    answer = await api.createSubaccount(inputs);
  } catch (err) {
    if (err instanceof VendorError && err.vendorCode === "7" && inputs.email !== undefined) {
      return takeOverSubaccount(api, inputs, inputs.email, err);
    }
    throw await explainFailedCreate(api, inputs, err);
  }
  const email = answer.subaccount.email.toLowerCase();
  return {
    id: email,
    outs: {
      ...inputs,
      email,
      emailGenerated: inputs.email === undefined,
      token: answer.subaccount.token,
      creditAttributed: inputs.creditToAttribute ?? 0,
      sendConfirmMailTo: answer.sendConfirmMailTo,
      parentEmail: answer.parent_email,
    },
  };
}

/**
 * Never resends a create: it moves money. A lost answer ends in an error that says whether the
 * sub-account exists and how to adopt it (a duplicate address, code 7, is taken over or explained by
 * takeOverSubaccount).
 */
async function explainFailedCreate(api: MailpartnerClient, inputs: SubaccountInputs, err: unknown) {
  if (!(err instanceof VendorError)) return err;
  if (!mayHaveBeenApplied(err)) return err;
  const money =
    inputs.creditToAttribute === undefined
      ? ""
      : ` (with ${inputs.creditToAttribute} EUR from the parent account's balance)`;
  if (inputs.email === undefined) {
    return outcomeUnknownError(
      err,
      {
        why:
          `MailPartner may have created the simple sub-account${money}, and it generates the address, so it ` +
          "cannot be looked up",
      },
      "Check the sub-account list in the MailPartner dashboard before running `pulumi up` again, and " +
        'adopt a new one with `adopt: "<its email>"` rather than creating another',
    );
  }
  // findSubaccount pages to the end of the list, so only a completed look says "absent".
  const look = await lookUp(() => api.findSubaccount(inputs.email!));
  const adopt = `\`adopt: "${inputs.email}"\``;
  if (look.kind === "unknown") {
    return outcomeUnknown(
      err,
      look,
      `Check the sub-account list in the MailPartner dashboard for ${inputs.email}: if it is there, ` +
        `set ${adopt} on this resource; if not, run \`pulumi up\` again`,
    );
  }
  return withHint(
    err,
    look.kind === "found"
      ? `${inputs.email} now exists at MailPartner, most likely created by this request${money}: set ` +
          `${adopt} on this resource and run \`pulumi up\` again to take it over without creating another`
      : `${inputs.email} is not in MailPartner's sub-account list (every page read), so nothing was ` +
          "created and no money moved; it is safe to run `pulumi up` again",
  );
}

/**
 * The address is taken (code 7): by the sub-account a killed run created, when its type is the
 * program's (core/resource/take-over.ts). The list reports nothing else to compare; the credit the dead run's
 * create moved stays on it, so nothing moves again.
 */
async function takeOverSubaccount(
  api: MailpartnerClient,
  inputs: SubaccountInputs,
  email: string,
  conflict: unknown,
): Promise<pulumi.dynamic.CreateResult<SubaccountOutputs>> {
  const live = await takeOverOnConflict({
    conflict: withHint(
      conflict,
      "If this is a replacement (a type change), MailPartner cannot change a type and has no delete call: " +
        "delete the old sub-account in the MailPartner dashboard, then run `pulumi up` again",
    ),
    resource: `mailpartner.Subaccount ${email}`,
    what: `the MailPartner sub-account ${email}`,
    adoptHint: () => email,
    find: () => api.findSubaccount(email),
    // A type the resource does not know is shown as MailPartner spells it.
    compare: (found) => [["type", inputs.type, subaccountArgsOf(found).type ?? found.type]],
  });
  return {
    id: email,
    outs: {
      ...inputs,
      email,
      emailGenerated: false,
      token: live.token ?? "",
      creditAttributed: inputs.creditToAttribute ?? 0,
    },
  };
}

async function adoptSubaccount(
  api: MailpartnerClient,
  inputs: SubaccountInputs,
  email: string,
): Promise<pulumi.dynamic.CreateResult<SubaccountOutputs>> {
  const live = await api.findSubaccount(email);
  if (!live) {
    throw notFoundAtVendor(
      { vendor: "mailpartner", operation: "adopt sub-account", resource: email },
      `cannot adopt ${email}: no sub-account has this address`,
    );
  }
  const found = subaccountArgsOf(live);
  requireAdoptable("mailpartner", email, "a sub-account", [
    ["email", inputs.email ?? email, found.email],
    ["type", inputs.type, found.type ?? live.type],
  ]);
  return {
    id: email,
    outs: { ...inputs, email, emailGenerated: false, token: live.token ?? "", creditAttributed: 0 },
  };
}

/**
 * Refresh through the list (MailPartner has no read-one call). The list reports the address, the type
 * and the token, nothing of the names or isBuyer, so those keep their state values: refresh reports only
 * what MailPartner returns. Gone from a list read to its end means deleted.
 */
async function read(
  id: string,
  props?: SubaccountOutputs,
): Promise<pulumi.dynamic.ReadResult<SubaccountOutputs>> {
  const live = await client().findSubaccount(id);
  if (!live) return {};
  if (props === undefined) return importSubaccount(live);
  const found = subaccountArgsOf(live);
  const email = found.email;
  const type = found.type ?? props?.type ?? "simple";
  const given: Partial<SubaccountInputs> = {
    type,
    email: props?.emailGenerated ? undefined : email,
    creditToAttribute: props?.creditToAttribute,
    adopt: props?.adopt,
  };
  for (const key of ["isBuyer", "title", "firstName", "lastName", "allowWithoutEmail"] as const) {
    const value = props?.[key];
    if (value !== undefined) (given as Record<string, unknown>)[key] = value;
  }
  const inputs = given as SubaccountInputs;
  const outs: SubaccountOutputs = {
    ...props,
    ...inputs,
    email,
    emailGenerated: props?.emailGenerated ?? false,
    token: live.token ?? props?.token ?? "",
    creditAttributed: props?.creditAttributed ?? 0,
  };
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return { id, props: outs, inputs: inputs as SubaccountOutputs };
}

/**
 * `pulumi import` (the native provider's Read with the id alone): the sub-account `adopt` would take. Its
 * inputs are what the list reports, the address and the type; its outputs record the take-over (`adopt`,
 * so that diff takes the program's creation-only inputs as they are) and that no credit moved.
 */
async function importSubaccount(
  live: SubaccountRecord,
): Promise<pulumi.dynamic.ReadResult<SubaccountOutputs>> {
  const { email, type } = subaccountArgsOf(live);
  if (type === undefined) {
    throw refusedBeforeCall(
      { vendor: "mailpartner", operation: "import sub-account", resource: email },
      `cannot import ${email} as a mailpartner.Subaccount: MailPartner lists it as ${JSON.stringify(live.type)}, ` +
        'neither "simple" nor "advanced"',
      "Leave it out of the import (manage it in the MailPartner dashboard)",
    );
  }
  const inputs = { type, email } as SubaccountInputs;
  const outs: SubaccountOutputs = {
    ...inputs,
    email,
    emailGenerated: false,
    token: live.token ?? "",
    creditAttributed: 0,
    adopt: email,
  };
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return { id: email, props: outs, inputs: inputs as SubaccountOutputs };
}

/** Unreachable in practice: diff never reports an in-place change, because MailPartner has no update call. */
async function update(
  _id: string,
  olds: SubaccountOutputs,
): Promise<pulumi.dynamic.UpdateResult<SubaccountOutputs>> {
  return { outs: olds };
}

/** MailPartner has no delete call: say so, loudly, and leave the sub-account (and its credit) alone. */
async function remove(id: string, props: SubaccountOutputs): Promise<void> {
  await warnOperator(
    `mailpartner.Subaccount ${id} was removed from the Pulumi state, but it still exists at MailPartner ` +
      `(${props.type}${props.creditAttributed > 0 ? `, created with ${props.creditAttributed} EUR of credit` : ""}): ` +
      "MailPartner has no API call to delete a sub-account. Delete it in the MailPartner dashboard " +
      `(Sous-comptes) if it should go, or declare it again with \`adopt: "${id}"\` to manage it.`,
  );
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<SubaccountInputs, SubaccountOutputs> = {
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

/** The arguments of {@link Subaccount}. */
export interface SubaccountArgs {
  /**
   * `"simple"` (no email or SMS, no purchases; MailPartner can generate its address) or `"advanced"` (its
   * own email address and sign-up; `email` and `isBuyer` required). MailPartner makes this choice final:
   * changing it replaces the sub-account, and the old one is left at MailPartner (there is no delete
   * call).
   */
  type: pulumi.Input<"simple" | "advanced">;
  /**
   * The sub-account's email address (any case; stored lower case), unique at MailPartner: required for
   * `"advanced"`; for `"simple"`, MailPartner generates one when it is left out (the `email` output), and
   * leaving it out later keeps the generated one. Changing it replaces the sub-account.
   */
  email?: pulumi.Input<string>;
  /**
   * Whether the sub-account may buy its own credit: `"advanced"` only, and required there. Set at creation
   * only: MailPartner has no call to change it, so a later change is not applied (a warning says so at
   * every preview until the program matches again).
   */
  isBuyer?: pulumi.Input<boolean>;
  /**
   * Euros (greater than 0, at most 100000, at most 2 decimals) moved from the parent account's balance to
   * the sub-account when it is created, once (the policy pack's `credit-budget` counts them). Creation
   * only: a later change moves no money and replaces nothing (a warning says so); the `creditAttributed`
   * output keeps what was moved. Add credit later in the MailPartner dashboard.
   */
  creditToAttribute?: pulumi.Input<number>;
  /**
   * The sub-account's name, 1 to 255 characters. Set at creation only: MailPartner has no call to change
   * it, so a later change is not applied (a warning says so).
   */
  title?: pulumi.Input<string>;
  /**
   * The holder's first name, 1 to 255 characters. Set at creation only: MailPartner has no call to change
   * it, so a later change is not applied (a warning says so).
   */
  firstName?: pulumi.Input<string>;
  /**
   * The holder's last name, 1 to 255 characters. Set at creation only: MailPartner has no call to change
   * it, so a later change is not applied (a warning says so).
   */
  lastName?: pulumi.Input<string>;
  /**
   * An existing sub-account to take over instead of creating one, by its email address: the import path.
   * Nothing is created and no money moves; creation fails, listing each difference, when it does not
   * match the program. Ignored after creation.
   */
  adopt?: pulumi.Input<string>;
  /**
   * Accept creating a `"simple"` sub-account without an `email`. Such a sub-account has no unique key:
   * if a run is killed while MailPartner creates it, nothing can find it again, so it stays at
   * MailPartner as an orphan holding the credit moved to it, and the next `pulumi up` creates (and pays
   * for) another. Without this, a new simple sub-account needs an `email`. Default false; ignored after
   * creation.
   */
  allowWithoutEmail?: pulumi.Input<boolean>;
}

const _subaccountArgsAgree: ArgsAgree<SubaccountArgs, typeof subaccountArgsSchema> = true;
const _subaccountInputsAgree: InputsAgree<CheckedArgs<SubaccountArgs>, typeof subaccountArgsSchema> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "mailpartner.Subaccount" satisfies ResourceLabel;

/**
 * A MailPartner sub-account. `type` and `email` are its identity: changing either replaces it (preview
 * says so). `creditToAttribute` is moved from the parent's balance once, at creation; changing it later,
 * like the names and `isBuyer`, is not applied and is warned about. MailPartner has no delete call:
 * deleting the resource removes it from the state with a warning that it still exists at MailPartner.
 * Set `adopt` to an existing sub-account's email to manage it without creating one. The resource id is
 * the sub-account's email address. Credentials: the stack config `mailreseller:mailpartnerApiUrl` and
 * `mailreseller:mailpartnerApiKey` (or `MAILRESELLER_MAILPARTNER_*`).
 * Type tokens: `pulumi-nodejs:dynamic/mailpartner:Subaccount` (this class), `mailreseller:mailpartner:Subaccount` (the
 * native provider plugin).
 */
export class Subaccount extends pulumi.dynamic.Resource {
  /** `"simple"` or `"advanced"`. */
  declare public readonly type: pulumi.Output<"simple" | "advanced">;
  /** The sub-account's address, generated by MailPartner when a simple sub-account was created without one. */
  declare public readonly email: pulumi.Output<string>;
  /** True when MailPartner generated `email` (a simple sub-account created without one). */
  declare public readonly emailGenerated: pulumi.Output<boolean>;
  /** Whether the sub-account may buy its own credit, as set at creation (advanced only). */
  declare public readonly isBuyer: pulumi.Output<boolean | undefined>;
  /** The sub-account's name, as set at creation. */
  declare public readonly title: pulumi.Output<string | undefined>;
  /** The holder's first name, as set at creation. */
  declare public readonly firstName: pulumi.Output<string | undefined>;
  /** The holder's last name, as set at creation. */
  declare public readonly lastName: pulumi.Output<string | undefined>;
  /** The sub-account's identifier at MailPartner: a credential (secret). */
  declare public readonly token: pulumi.Output<string>;
  /** Euros moved from the parent account at creation: 0 when none was asked for or it was adopted. */
  declare public readonly creditAttributed: pulumi.Output<number>;
  /** The `creditToAttribute` input as the program last gave it (not necessarily what was moved). */
  declare public readonly creditToAttribute: pulumi.Output<number | undefined>;
  /** Where MailPartner sent the confirmation email (its creation answer's `sendConfirmMailTo`), if reported. */
  declare public readonly sendConfirmMailTo: pulumi.Output<string | undefined>;
  /** The parent account's address (the creation answer's `parent_email`); absent for an adopted sub-account. */
  declare public readonly parentEmail: pulumi.Output<string | undefined>;
  /** The email address this resource took over, when it was adopted rather than created. */
  declare public readonly adopt: pulumi.Output<string | undefined>;
  /** Whether the program accepted creating it without an email (see the `allowWithoutEmail` input). */
  declare public readonly allowWithoutEmail: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: SubaccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim,
      ...registration(
        TYPE,
        name,
        args,
        {
          email: undefined,
          emailGenerated: undefined,
          token: undefined,
          creditAttributed: undefined,
          sendConfirmMailTo: undefined,
          parentEmail: undefined,
          // Optional inputs too: the SDK creates an output only for a property passed here.
          isBuyer: undefined,
          creditToAttribute: undefined,
          title: undefined,
          firstName: undefined,
          lastName: undefined,
          adopt: undefined,
          allowWithoutEmail: undefined,
          ...args,
        },
        opts,
        { secretOutputs: ["token"] },
      ),
    );
  }
}

const _subaccountOutputsDeclared: OutputsDeclared<Subaccount, SubaccountOutputs, keyof PolicyFacts> = true;
