/**
 * `mailup.AccountPack`: how many of one pack a MailUp account has. What each input's change does is decided
 * in this file, in the order schema, check, diff, create, read, update, delete, then the resource class.
 *
 * | input     | on change                                                                         |
 * |-----------|-----------------------------------------------------------------------------------|
 * | quantity  | in place: sets the absolute quantity (WorkMode "absolute"), so a repeat is harmless |
 * | accountId | replace (the old account's pack is set to 0 first); while the account itself is     |
 * |           | being updated, preview shows its packs as pending updates (see diff)               |
 * | pack      | replace (the old pack is set to 0 first)                                          |
 * | adopt     | ignored after creation                                                            |
 *
 * `pulumi import` (the native provider) takes the id `adopt` takes, "ACCOUNT_ID/PACK_ID", and accepts what
 * `adopt` accepts: a pack the account has at a quantity above 0. The account status call reports every
 * input (the pack by its id), so nothing is left for the program to fill in.
 *
 * MailUp applies an addition at once but a removal only at month end: `quantity` is what was asked for
 * (MailUp's `Quantity`), `currentQuantity` what is in use now (`CurrentQuantity`). Refresh compares the
 * former, so a removal waiting for month end is not drift. Deleting the resource sets the quantity to 0,
 * which MailUp, like any removal, applies at month end.
 *
 * Beside the vendor's client (./client), it relies on the catalogue read once per process (./catalogue),
 * check's deferral while MailUp is busy (core/resource/deferred-check) and adoption (core/resource/adopt), and on what every
 * resource shares: core/resource/inputs (check and diff), core/resource/policy-facts, core/program/claims and core/protocol/vendor-keys (one
 * owner per object), core/program/deletion-guard, core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { CheckedArgs } from "../core/resource/resource-types";
import {
  notFoundAtVendor,
  refusedBeforeCall,
  VendorError,
  VendorNotFoundError,
  withHint,
} from "../core/transport/errors";
import { deferCheckIfVendorBusy } from "../core/resource/deferred-check";
import { nameOrId, numericId, text, wholeNumber } from "../core/resource/fields";
import { requireAdoptable } from "../core/resource/adopt";
import {
  ArgsAgree,
  ChangeTable,
  InputsAgree,
  OutputsDeclared,
  changedProperties,
  checkInputs,
  containsUnknown,
  isUnknown,
  toDiffResult,
  type DetailedDiffResult,
} from "../core/resource/inputs";
import {
  PolicyFacts,
  policyFactsIgnored,
  rankedTransition,
  replacingProperties,
  unknownTransition,
} from "../core/resource/policy-facts";
import type { ResourceImplementation } from "../core/resource/shim";
import { unlessGone } from "../core/transport/gone";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import providerShim = require("../shims/mailup-account-pack");
import { cachedProfilePacks, cachedProfiles } from "./catalogue";
import { MailupClient, MailupPack, accountPackArgsOf, mailupClientFromConfig } from "./client";

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

/**
 * @internal The inputs of an account pack: the single source of their validation (check). Their docs are on
 * {@link AccountPackArgs}, and the type of the checked inputs derives from it; compile-time checks keep both
 * in step with this schema. Kept out of the published types, which must not reach zod.
 */
export const accountPackArgsSchema = z
  .object({
    accountId: numericId("a MailUp account id (mailup.Account's accountId output)"),
    // Pack names are the retailer's own: the MailUp docs' are letters and digits ("Crediti300",
    // "VelocitaAggiuntiva300", GET Management/Profile/{id}/Pack), their ids digits ("535"); nameOrId
    // adds the single separators a retailer's name may have. 100 characters is ours.
    pack: nameOrId('a pack id such as "535" or name such as "Crediti300" (see mailup.getProfilePacks)', 100),
    // 65535 is the largest Max the MailUp docs show (Crediti300); check then holds the quantity to the
    // Min and Max of the account's profile.
    quantity: wholeNumber({
      expected: "a whole number from 1 to 65535",
      min: 1,
      max: 65535,
      belowMin: "must be at least 1; delete the resource to remove the pack",
    }),
    adopt: text({
      expected: '"ACCOUNT_ID/PACK_ID" of a pack the account has',
      max: 41,
      pattern: /^\d{1,20}\/\d{1,20}$/,
    }).optional(),
  })
  .strict();

/** Inputs after check, with the pack check resolved so create need not look it up again (bookkeeping: diff ignores it). */
export type AccountPackInputs = CheckedArgs<AccountPackArgs> &
  PolicyFacts & {
    resolvedPackId?: string;
    resolvedPackName?: string;
  };

/** State of an account pack. */
export interface AccountPackOutputs extends AccountPackInputs {
  packId: string;
  packName: string;
  /** Packs in use now: lags `quantity` after a removal until month end. */
  currentQuantity: number;
}

const changeTable: ChangeTable<keyof AccountPackInputs> = {
  accountId: "replace",
  pack: "replace",
  quantity: "update",
  adopt: "ignore",
  resolvedPackId: "ignore",
  resolvedPackName: "ignore",
  ...policyFactsIgnored,
};

function client(): MailupClient {
  return mailupClientFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff
// ---------------------------------------------------------------------------------------------------

/**
 * Validates the inputs and, when the pack or quantity is new and the account is known, that the
 * account's profile allows the pack and the quantity is within its Min and Max (reads only).
 */
async function check(
  olds: Partial<AccountPackInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<AccountPackInputs>> {
  const result = await checkPackAndQuantity(olds, news);
  if (!result.inputs) return result;
  return { inputs: withPolicyFacts(olds, result.inputs), failures: [] };
}

/** A quantity change (or a pack swapped for another, which removes the old one) for the policy pack. */
function withPolicyFacts(olds: Partial<AccountPackInputs>, inputs: AccountPackInputs): AccountPackInputs {
  const isNew = olds.quantity === undefined;
  // An account id unknown in preview means its account is being updated, not replaced: diff says the same.
  const compared = isUnknown(inputs.accountId) ? { ...inputs, accountId: olds.accountId } : inputs;
  const facts: AccountPackInputs = {
    ...inputs,
    replacing: replacingProperties(changeTable, olds, compared, isNew),
  };
  if (isNew) return facts;
  if (isUnknown(inputs.quantity)) {
    facts.transition = unknownTransition("quantity", olds.quantity!, "quantity");
  } else if (olds.quantity !== inputs.quantity) {
    facts.transition = rankedTransition(
      "quantity",
      olds.quantity!,
      inputs.quantity,
      "quantity",
      olds.quantity,
      inputs.quantity,
    );
  }
  return facts;
}

async function checkPackAndQuantity(
  olds: Partial<AccountPackInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<AccountPackInputs>> {
  if (news.accountId === undefined) {
    // During `up`, the output of a resource that failed in this run reaches check as nothing at all (the
    // engine leaves an unknown input out of an update's check). A failed check would end the whole
    // deployment, even with --continue-on-error; passed, the pack is skipped by the engine as a dependent
    // of the failed account. Create and update refuse it otherwise. A `null` is never that: the program
    // gave it, and the schema refuses it.
    return { inputs: news as AccountPackInputs, failures: [] };
  }
  const result = checkInputs(accountPackArgsSchema, news, { resource: "mailup.AccountPack" });
  const inputs = result.inputs;
  if (!inputs || containsUnknown(inputs)) return result;
  if (olds.accountId === inputs.accountId && olds.pack === inputs.pack && olds.quantity === inputs.quantity) {
    const { resolvedPackId, resolvedPackName } = olds;
    return resolvedPackId
      ? { inputs: { ...inputs, resolvedPackId, resolvedPackName }, failures: [] }
      : result;
  }

  const api = client();
  let packs: MailupPack[];
  let profileName: string;
  try {
    const account = await api.getAccount(inputs.accountId);
    packs = await cachedProfilePacks(api, account.IdProfile);
    // The account status call reports the profile's id only; its name is in the (cached) profile list.
    const profile = (await cachedProfiles(api)).find((p) => p.id === account.IdProfile);
    profileName = profile ? `${profile.name} (${profile.id})` : `profile ${account.IdProfile}`;
  } catch (err) {
    // A new account does not exist during preview; create checks again.
    if (err instanceof VendorNotFoundError) return result;
    // Create and update resolve the pack themselves, and MailUp refuses a quantity outside its limits.
    await deferCheckIfVendorBusy(
      err,
      `The pack and quantity of mailup.AccountPack ${inputs.pack} on account ${inputs.accountId}`,
    );
    return result;
  }
  const pack = findPack(packs, inputs.pack);
  if (!pack) {
    return {
      failures: [
        {
          property: "pack",
          reason: `pack "${inputs.pack}" is not available for ${profileName}; it allows ${describePacks(packs)}`,
        },
      ],
    };
  }
  if (inputs.quantity < pack.min || inputs.quantity > pack.max) {
    return {
      failures: [
        {
          property: "quantity",
          reason: `${inputs.quantity} is outside ${pack.name}'s limits for ${profileName}: ${pack.min} to ${pack.max}`,
        },
      ],
    };
  }
  return { inputs: { ...inputs, resolvedPackId: pack.id, resolvedPackName: pack.name }, failures: [] };
}

async function diff(
  _id: string,
  olds: AccountPackOutputs,
  news: AccountPackInputs,
): Promise<DetailedDiffResult> {
  // While its account is being updated, the preview does not know the account id yet (a dynamic
  // provider cannot predict outputs). That is not a new account: show a pending update, and let `up`,
  // which diffs again with the real id, decide (it leaves an unchanged pack alone).
  if (isUnknown(news.accountId)) {
    const others = changedProperties(changeTable, olds, { ...news, accountId: olds.accountId });
    return {
      changes: true,
      replaces: others.replaces,
      updates: ["accountId", ...others.updates],
      deleteBeforeReplace: others.replaces.length > 0,
    };
  }
  // The same pack of the same account cannot exist twice: a replacement frees it first.
  return toDiffResult(changedProperties(changeTable, olds, news), true);
}

// ---------------------------------------------------------------------------------------------------
// create, read, update, delete
// ---------------------------------------------------------------------------------------------------

/** Check lets a missing account id through (see checkPackAndQuantity); nothing can be applied without one. */
function requireAccountId(inputs: AccountPackInputs): void {
  if (typeof inputs.accountId !== "string" || inputs.accountId === "") {
    throw refusedBeforeCall(
      { vendor: "mailup", operation: "set account pack", resource: `pack ${inputs.pack}` },
      `cannot set pack ${inputs.pack}: accountId has no value`,
      "When it comes from a mailup.Account (`account.accountId`) that failed in this run, fix that account " +
        "first; otherwise set accountId to an account id",
    );
  }
}

async function create(inputs: AccountPackInputs): Promise<pulumi.dynamic.CreateResult<AccountPackOutputs>> {
  requireAccountId(inputs);
  const api = client();
  const pack =
    inputs.resolvedPackId && inputs.resolvedPackName
      ? { id: inputs.resolvedPackId, name: inputs.resolvedPackName }
      : await resolvePack(api, inputs.accountId, inputs.pack);
  if (inputs.adopt !== undefined) return adoptPack(api, inputs, pack);
  await setQuantity(api, inputs.accountId, pack, inputs.quantity);
  return {
    id: `${inputs.accountId}/${pack.id}`,
    outs: { ...inputs, packId: pack.id, packName: pack.name, currentQuantity: inputs.quantity },
  };
}

/** Takes over a pack the account has, after checking that it is what the program declares; no write. */
async function adoptPack(
  api: MailupClient,
  inputs: AccountPackInputs,
  pack: { id: string; name: string },
): Promise<pulumi.dynamic.CreateResult<AccountPackOutputs>> {
  const [accountId, packId] = inputs.adopt!.split("/");
  let active;
  try {
    active = (await api.getAccount(accountId)).ActivePacks.find((p) => p.Id === packId);
  } catch (err) {
    if (err instanceof VendorNotFoundError) {
      throw withHint(
        err,
        `Cannot adopt pack ${inputs.adopt}: account ${accountId} does not exist; check the id given to \`adopt\``,
      );
    }
    throw err;
  }
  if (!active || active.Quantity === 0) {
    throw notFoundAtVendor(
      { vendor: "mailup", operation: "adopt account pack", resource: `pack ${inputs.adopt}` },
      `cannot adopt pack ${inputs.adopt}: account ${accountId} has no pack ${packId}`,
    );
  }
  const found = accountPackArgsOf(accountId, active);
  requireAdoptable("mailup", `pack ${inputs.adopt}`, "a pack's quantity", [
    ["accountId", inputs.accountId, found.accountId],
    // The program names the pack by id or name; check resolved it to the id the adopt id must carry.
    ["pack id", pack.id, found.pack],
    ["quantity", inputs.quantity, found.quantity],
  ]);
  return {
    id: inputs.adopt!,
    outs: { ...inputs, packId, packName: pack.name, currentQuantity: active.CurrentQuantity },
  };
}

async function read(
  id: string,
  props?: AccountPackOutputs,
): Promise<pulumi.dynamic.ReadResult<AccountPackOutputs>> {
  if (!props) return importPack(id);
  // The account gone means its packs are gone with it.
  const account = await unlessGone(() => client().getAccount(props.accountId));
  if (account === undefined) return {};
  const active = account.ActivePacks.find((p) => p.Id === props.packId);
  if (!active || (active.Quantity === 0 && active.CurrentQuantity === 0)) return {};
  // The program's way of naming the pack (id or name) is kept; the quantity is MailUp's.
  const { quantity } = accountPackArgsOf(props.accountId, active);
  const inputs: AccountPackInputs = {
    accountId: props.accountId,
    pack: props.pack,
    quantity,
    adopt: props.adopt,
    resolvedPackId: props.packId,
    resolvedPackName: props.packName,
  };
  return {
    id,
    props: { ...props, quantity, currentQuantity: active.CurrentQuantity },
    // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
    inputs: inputs as AccountPackOutputs,
  };
}

/**
 * `pulumi import` (the native provider's Read with the id alone): the pack `adopt` would take, by
 * "ACCOUNT_ID/PACK_ID". A pack the account lists at quantity 0 but still uses is being removed at month
 * end: there is nothing to manage, and adopting refuses it too.
 */
async function importPack(id: string): Promise<pulumi.dynamic.ReadResult<AccountPackOutputs>> {
  const context = { vendor: "mailup" as const, operation: "import account pack", resource: `pack ${id}` };
  if (!/^\d{1,20}\/\d{1,20}$/.test(id)) {
    throw refusedBeforeCall(
      context,
      `cannot import ${JSON.stringify(id)} as a mailup.AccountPack: its id is "ACCOUNT_ID/PACK_ID", as \`adopt\` takes it`,
      "mailup.getProfilePacks lists the pack ids of the account's profile",
    );
  }
  const [accountId, packId] = id.split("/");
  const api = client();
  // The account gone means its packs are gone with it.
  const account = await unlessGone(() => api.getAccount(accountId));
  const active = account?.ActivePacks.find((p) => p.Id === packId);
  // As refresh counts it: a pack at 0 with none in use is not there.
  if (account === undefined || !active || (active.Quantity === 0 && active.CurrentQuantity === 0)) return {};
  if (active.Quantity === 0) {
    throw notFoundAtVendor(
      context,
      `cannot import pack ${id}: account ${accountId} has it at quantity 0, a removal MailUp applies at month end`,
      "There is nothing to manage: leave it out of the import",
    );
  }
  const pack = (await cachedProfilePacks(api, account.IdProfile)).find((p) => p.id === packId);
  const inputs: AccountPackInputs = accountPackArgsOf(accountId, active);
  return {
    id,
    props: { ...inputs, packId, packName: pack?.name ?? packId, currentQuantity: active.CurrentQuantity },
    // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
    inputs: inputs as AccountPackOutputs,
  };
}

async function update(_id: string, olds: AccountPackOutputs, news: AccountPackInputs) {
  requireAccountId(news);
  const api = client();
  await setQuantity(api, news.accountId, { id: olds.packId, name: olds.packName }, news.quantity);
  // A raise is in use at once; a cut only at month end.
  const currentQuantity = Math.max(news.quantity, olds.currentQuantity);
  return { outs: { ...olds, ...news, currentQuantity } };
}

async function remove(_id: string, props: AccountPackOutputs): Promise<void> {
  // The account gone means its packs are gone with it.
  await unlessGone(() =>
    setQuantity(client(), props.accountId, { id: props.packId, name: props.packName }, 0),
  );
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<AccountPackInputs, AccountPackOutputs> = {
  check,
  diff,
  create,
  read,
  update,
  delete: remove,
};

// ---------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------

async function resolvePack(
  api: MailupClient,
  accountId: string,
  idOrName: string,
): Promise<{ id: string; name: string }> {
  const account = await api.getAccount(accountId);
  const packs = await api.listProfilePacks(account.IdProfile);
  const pack = findPack(packs, idOrName);
  if (!pack) {
    throw refusedBeforeCall(
      {
        vendor: "mailup",
        operation: "set account pack",
        resource: `pack ${idOrName} of account ${accountId}`,
      },
      `pack "${idOrName}" is not available for account ${accountId}'s profile ${account.IdProfile}; it allows ${describePacks(packs)}`,
    );
  }
  return pack;
}

/** Sets the absolute quantity; MailUp's refusals (codes 1 and 2) get what the account's profile allows. */
async function setQuantity(
  api: MailupClient,
  accountId: string,
  pack: { id: string; name: string },
  quantity: number,
) {
  try {
    await api.setPackQuantity(accountId, pack.id, quantity);
  } catch (err) {
    if (err instanceof VendorError && (err.vendorCode === "Code 1" || err.vendorCode === "Code 2")) {
      throw withHint(err, await refusalAdvice(api, accountId, pack, quantity, err.vendorCode));
    }
    throw err;
  }
}

/**
 * What MailUp's pack page says its refusals mean (help.mailup.com diffpages 36348981→36349130), with the
 * account profile's packs: Code 1, the total is outside the profile's limits; Code 2, a profile rule
 * ("for example, you cannot remove a package related to SMS"), or (the page does not say what MailUp
 * answers for it) a pack the profile does not offer. The look-ups are best effort: advice, not a check.
 */
async function refusalAdvice(
  api: MailupClient,
  accountId: string,
  pack: { id: string; name: string },
  quantity: number,
  code: "Code 1" | "Code 2",
): Promise<string> {
  const account = await api.getAccount(accountId).catch(() => undefined);
  const packs = account ? await api.listProfilePacks(account.IdProfile).catch(() => []) : [];
  const limits = packs.find((p) => p.id === pack.id);
  if (!limits) return `this account's profile allows ${describePacks(packs)}`;
  if (code === "Code 1")
    return `${pack.name} allows ${limits.min} to ${limits.max} on this account's profile`;
  const rule =
    "a rule of the account's profile refuses it (MailUp's example: a pack related to SMS cannot be removed)";
  return quantity === 0
    ? `${rule}; remove ${pack.name} in the MailUp console, or stop managing it with \`pulumi state delete\``
    : `${rule}; ${pack.name} allows ${limits.min} to ${limits.max} on this account's profile`;
}

function findPack(packs: MailupPack[], idOrName: string): MailupPack | undefined {
  return (
    packs.find((p) => p.id === idOrName) ?? packs.find((p) => p.name.toLowerCase() === idOrName.toLowerCase())
  );
}

function describePacks(packs: MailupPack[]): string {
  return packs.length === 0
    ? "no packs"
    : packs.map((p) => `${p.name} (${p.id}, ${p.min}-${p.max})`).join(", ");
}

// ---------------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------------

/** The arguments of {@link AccountPack}. */
export interface AccountPackArgs {
  /**
   * The MailUp account (digits), e.g. `account.accountId` of a `mailup.Account`. Changing it replaces the
   * pack: the old account's pack is set to 0 first.
   */
  accountId: pulumi.Input<string>;
  /**
   * The pack, by id (`"535"`) or name (`"Crediti300"`; see `mailup.getProfilePacks`): letters and digits,
   * with single spaces, dots, dashes or underscores between them, at most 100 characters; it must be one
   * the account's profile allows. Changing it replaces the pack: the old pack is set to 0 first.
   */
  pack: pulumi.Input<string>;
  /**
   * How many of the pack the account has: a whole number from 1 to 65535, within the profile's Min and
   * Max for the pack (delete the resource to remove the pack). Changing it sets the new absolute
   * quantity in place, so a repeat is harmless; a raise applies at once, a cut at month end (see
   * `currentQuantity`).
   */
  quantity: pulumi.Input<number>;
  /**
   * A pack the account already has, as `"ACCOUNT_ID/PACK_ID"`: the import path. Creation reads it and
   * writes nothing, and fails, listing each difference, when the program does not match it (the quantity
   * included). Ignored after creation.
   */
  adopt?: pulumi.Input<string>;
}

const _accountPackArgsAgree: ArgsAgree<AccountPackArgs, typeof accountPackArgsSchema> = true;
const _accountPackInputsAgree: InputsAgree<CheckedArgs<AccountPackArgs>, typeof accountPackArgsSchema> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "mailup.AccountPack" satisfies ResourceLabel;

/**
 * How many of one pack a MailUp account has. The quantity is always set absolutely, so a repeated `up`
 * is idempotent; a raise applies at once, a cut at month end (`currentQuantity` shows what is in use).
 * Changing `quantity` updates in place; changing `accountId` or `pack` replaces the resource, setting the
 * old pack to 0 first. Deleting the resource sets the quantity to 0, which MailUp applies at month end.
 * Set `adopt` to "ACCOUNT_ID/PACK_ID" to manage a pack the account already has.
 * This class protects it by default (the deletion guard; a program of the native provider plugin sets
 * `protect` itself, which the policy pack's `deletion-guard` requires): the engine refuses, in preview
 * and in `up`, to delete it or replace it, unless the program passes `protect: false` or the stack sets `mailreseller:deletionGuard`
 * to false. To delete one on purpose: `pulumi state unprotect <urn>`, then remove it from the program.
 *
 * Type tokens: `pulumi-nodejs:dynamic/mailup:AccountPack` (this class), `mailreseller:mailup:AccountPack` (the
 * native provider plugin).
 */
export class AccountPack extends pulumi.dynamic.Resource {
  /** The account the pack belongs to. */
  declare public readonly accountId: pulumi.Output<string>;
  /** The pack as the program names it (id or name); `packId` and `packName` are MailUp's. */
  declare public readonly pack: pulumi.Output<string>;
  /** The quantity asked for (MailUp's `Quantity`): what refresh compares, so a pending cut is not drift. */
  declare public readonly quantity: pulumi.Output<number>;
  /** The "ACCOUNT_ID/PACK_ID" this resource took over, when it was adopted rather than set. */
  declare public readonly adopt: pulumi.Output<string | undefined>;
  /** The pack's id at MailUp. */
  declare public readonly packId: pulumi.Output<string>;
  /** The pack's name at MailUp. */
  declare public readonly packName: pulumi.Output<string>;
  /** Packs in use now (MailUp's `CurrentQuantity`): after a cut, higher than `quantity` until month end. */
  declare public readonly currentQuantity: pulumi.Output<number>;

  constructor(name: string, args: AccountPackArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim,
      ...registration(
        TYPE,
        name,
        args,
        // Optional inputs too: the SDK creates an output only for a property passed here.
        {
          packId: undefined,
          packName: undefined,
          currentQuantity: undefined,
          adopt: undefined,
          ...args,
        },
        opts,
      ),
    );
  }
}

const _accountPackOutputsDeclared: OutputsDeclared<
  AccountPack,
  AccountPackOutputs,
  keyof PolicyFacts | "resolvedPackId" | "resolvedPackName"
> = true;
