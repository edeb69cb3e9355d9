/**
 * `mailup.Account`: a retailer's customer account (a MailUp console) on the MailUp Retailer Service. What
 * each input's change does is decided in this file, in the order schema, check, diff, create, read, update,
 * delete, then the public resource class.
 *
 * | input                                   | on change                                                  |
 * |-----------------------------------------|------------------------------------------------------------|
 * | profile                                 | in place: profile switch, polled until done (202 = waiting) |
 * | enabled                                 | in place: enable / disable                                 |
 * | language, email, customDomain,          | replace: the API cannot change them after activation; no   |
 * | customSubdomain, serviceName,           | read returns them, so after an import (which cannot know   |
 * | serviceUrl, serviceLogoutUrl            | them) the program's values are taken as they are, as       |
 * |                                         | `adopt` takes them                                         |
 * | ipAddress, userAgent, referer           | ignored after creation: they describe the activation       |
 * |                                         | request, not the account                                   |
 * | activationTimeoutSeconds, adopt         | ignored after creation                                     |
 *
 * The resource id is the activation id MailUp returned (an adopted or imported account's id is its account
 * id), so it is known before the asynchronous activation ends; the account id is the `accountId` output. An
 * activation that outlives `activationTimeoutSeconds` is recorded as created-but-unfinished, and the next
 * `up` resumes polling it instead of activating a second account.
 *
 * `pulumi import` (the native provider) takes the account id, as `adopt` does, and reads what adopting
 * compares: the profile (by name) and whether the account is enabled. The fields the account status call
 * does not carry are left out for the program to fill in (from the MailUp console); a later change of one
 * of them replaces the account as usual.
 *
 * Beside the vendor's client (./client), it relies on the activation's lifecycle and what each of its
 * outcomes means (./activation), the catalogue read once per process (./catalogue), polling the profile
 * switch (core/transport/poll), check's deferral while MailUp is busy (core/resource/deferred-check) and adoption (core/resource/adopt),
 * and on what every resource shares: core/resource/inputs (check and diff), core/resource/policy-facts, core/program/claims and
 * core/protocol/vendor-keys (one owner per object), core/program/deletion-guard, core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import {
  createdButUnfinished,
  joinSentences,
  refusedBeforeCall,
  VendorError,
  VendorNotFoundError,
  withHint,
} from "../core/transport/errors";
import {
  ArgsAgree,
  ChangeTable,
  InputsAgree,
  OutputsDeclared,
  changedProperties,
  checkInputs,
  isUnknown,
  toDiffResult,
  type DetailedDiffResult,
} from "../core/resource/inputs";
import type { CheckedArgs } from "../core/resource/resource-types";
import {
  dnsLabel,
  domainName,
  emailAddress,
  flag,
  ipAddress,
  letterCode,
  nameOrId,
  numericId,
  text,
  webAddress,
  wholeNumber,
} from "../core/resource/fields";
import { confirmLostWrite } from "../core/resource/lost-write";
import { deferCheckIfVendorBusy } from "../core/resource/deferred-check";
import { pollUntilDone } from "../core/transport/poll";
import { ResourceImplementation, withoutUndefined } from "../core/resource/shim";
import providerShim = require("../shims/mailup-account");
import { MailupAccount, MailupClient, MailupProfile, accountArgsOf, mailupClientFromConfig } from "./client";
import { cachedProfileLanguages, cachedProfiles } from "./catalogue";
import { type Comparison, requireAdoptable } from "../core/resource/adopt";
import { findProfile } from "./lookups";
import {
  PolicyFacts,
  policyFactsIgnored,
  rankedTransition,
  replacingProperties,
  unknownTransition,
} from "../core/resource/policy-facts";
import { unlessGone } from "../core/transport/gone";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import {
  activationFailure,
  activationKey,
  activationNotConfirmed,
  forgetActivation,
  leftNoAccount,
  recordActivation,
  recordedActivation,
  unfinishedReason,
  waitForActivation,
} from "./activation";
import { type Journal, type JournalValue, journalFromConfig } from "../core/resource/journal";
import { warnOperator } from "../core/resource/warn";

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

/**
 * @internal The inputs of a MailUp account: the single source of their validation (check). Their docs are on
 * {@link AccountArgs}, and the type of the checked inputs derives from it; compile-time checks keep both in
 * step with this schema. Kept out of the published types, which must not reach zod. The MailUp docs give no
 * lengths; the maximums of free text are ours.
 */
export const accountArgsSchema = z
  .object({
    // Profile names are the retailer's own: the MailUp docs' are one word ("Trial", "Economy",
    // "Premium", GET Management/Profile), their ids digits ("1048"); nameOrId adds the single separators
    // a retailer's name may have. 100 characters is ours.
    profile: nameOrId(
      'a MailUp profile id such as "1048" or name such as "Premium" (see mailup.getProfiles)',
      100,
    ),
    language: letterCode(
      'a two-letter language code such as "EN" (see mailup.getProfileLanguages)',
    ).transform((l) => l.toUpperCase()),
    ipAddress: ipAddress("an IPv4 or IPv6 address (MailUp code 4)"),
    email: emailAddress("a valid email address (MailUp code 5)"),
    customDomain: domainName("a domain name such as example.com (MailUp code 6)"),
    customSubdomain: dnsLabel("a single DNS label such as customer123 (MailUp code 6)"),
    // 255 characters is ours.
    serviceName: text({ expected: "your product's name, at most 255 characters (MailUp code 10)", max: 255 }),
    serviceUrl: webAddress(
      "your product's web address, such as www.example.com/info or https://example.com/info (MailUp code 11)",
    ),
    serviceLogoutUrl: webAddress(
      "the web address a customer is sent to on logout, such as www.example.com (MailUp code 12)",
    ),
    // 1024 and 2048 characters are ours: a user agent rarely reaches 500, a referer is a web address.
    userAgent: text({ expected: "your client's user agent, at most 1024 characters", max: 1024 }).optional(),
    referer: text({ expected: "your client's referer, at most 2048 characters", max: 2048 }).optional(),
    enabled: flag().default(true),
    activationTimeoutSeconds: wholeNumber({
      expected: "a whole number of seconds from 1 to 3600",
      min: 1,
      max: 3600,
    }).default(300),
    adopt: numericId("the id (digits) of an existing MailUp account").optional(),
  })
  .strict();

/**
 * Inputs after check: defaults applied, and the profile check resolved, so create and update need not
 * look it up again (bookkeeping: diff ignores these).
 */
export type AccountInputs = CheckedArgs<AccountArgs, "enabled" | "activationTimeoutSeconds"> &
  PolicyFacts & {
    resolvedProfileId?: string;
    resolvedProfileName?: string;
    /** The profile's ClientCode: MailUp's own ordering (Trial 1 < Economy 2 < Premium 3 in the sandbox). */
    resolvedProfileClientCode?: number;
  };

/** State of an account: its inputs plus what MailUp assigned. */
export interface AccountOutputs extends AccountInputs {
  /** The account id; absent while the activation has not finished. */
  accountId?: string;
  /** The activation id (the resource id of accounts this resource activated). */
  activationId?: string;
  /** The profile's id and name as MailUp reports them. */
  profileId: string;
  profileName: string;
  /** Domains that need a CNAME at the customer's DNS. */
  controlPanelDomain?: string;
  linkTrackingDomain?: string;
  imageTrackingDomain?: string;
  /** "Active", "Deactivated" or, until the activation ends, "Activating". */
  status: string;
  validFrom?: string;
  validTo?: string;
}

const changeTable: ChangeTable<keyof AccountInputs> = {
  profile: "update",
  enabled: "update",
  // The account status call does not return these: an import's state records none of them.
  language: "replaceIfKnown",
  email: "replaceIfKnown",
  customDomain: "replaceIfKnown",
  customSubdomain: "replaceIfKnown",
  serviceName: "replaceIfKnown",
  serviceUrl: "replaceIfKnown",
  serviceLogoutUrl: "replaceIfKnown",
  ipAddress: "ignore",
  userAgent: "ignore",
  referer: "ignore",
  activationTimeoutSeconds: "ignore",
  adopt: "ignore",
  resolvedProfileId: "ignore",
  resolvedProfileName: "ignore",
  resolvedProfileClientCode: "ignore",
  ...policyFactsIgnored,
};

function client(): MailupClient {
  return mailupClientFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff
// ---------------------------------------------------------------------------------------------------

/**
 * Validates the inputs and, when the profile or language is new, that the profile exists and allows the
 * language (MailUp's code 3), with reads only. An unchanged account makes no call.
 */
async function check(
  olds: Partial<AccountInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<AccountInputs>> {
  const result = await checkProfileAndLanguage(olds, news);
  if (!result.inputs) return result;
  return { inputs: withPolicyFacts(olds, result.inputs), failures: [] };
}

/**
 * The profile switch as the policy pack sees it (ordered by ClientCode, or by the pack's own ranking of
 * names), and what a change would replace the account for.
 */
function withPolicyFacts(olds: Partial<AccountInputs>, inputs: AccountInputs): AccountInputs {
  const isNew = olds.profile === undefined;
  const facts: AccountInputs = {
    ...inputs,
    replacing: replacingProperties(changeTable, olds, inputs, isNew),
  };
  if (isNew) return facts;
  const from = olds.resolvedProfileName ?? olds.profile!;
  if (isUnknown(inputs.profile)) {
    facts.transition = unknownTransition("profile", from, "ClientCode");
  } else if (olds.resolvedProfileId !== inputs.resolvedProfileId) {
    facts.transition = rankedTransition(
      "profile",
      from,
      inputs.resolvedProfileName ?? inputs.profile,
      "ClientCode",
      olds.resolvedProfileClientCode,
      inputs.resolvedProfileClientCode,
    );
  }
  return facts;
}

async function checkProfileAndLanguage(
  olds: Partial<AccountInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<AccountInputs>> {
  const result = checkInputs(accountArgsSchema, news, { resource: "mailup.Account" });
  const inputs = result.inputs;
  if (!inputs || isUnknown(inputs.profile) || isUnknown(inputs.language)) return result;
  if (olds.profile === inputs.profile && olds.language === inputs.language) {
    const { resolvedProfileId, resolvedProfileName, resolvedProfileClientCode } = olds;
    return resolvedProfileId
      ? {
          inputs: { ...inputs, resolvedProfileId, resolvedProfileName, resolvedProfileClientCode },
          failures: [],
        }
      : result;
  }

  const api = client();
  let profiles: MailupProfile[];
  let languages: string[] | undefined;
  try {
    profiles = await cachedProfiles(api);
    const found = findProfile(profiles, inputs.profile);
    if (found) languages = await cachedProfileLanguages(api, found.id);
  } catch (err) {
    // Create and update resolve the profile themselves, and MailUp refuses a language the profile lacks.
    await deferCheckIfVendorBusy(
      err,
      `The profile and language of mailup.Account ${inputs.customSubdomain}.${inputs.customDomain}`,
    );
    return result;
  }
  const profile = findProfile(profiles, inputs.profile);
  if (!profile) {
    return {
      failures: [
        {
          property: "profile",
          reason: `no MailUp profile "${inputs.profile}"; profiles: ${describeProfiles(profiles)}`,
        },
      ],
    };
  }
  if (languages !== undefined && !languages.includes(inputs.language)) {
    return {
      failures: [
        {
          property: "language",
          reason: `language "${inputs.language}" is not available for profile ${profile.name} (${profile.id}) (MailUp code 3); it allows ${languages.join(", ")}`,
        },
      ],
    };
  }
  return {
    inputs: {
      ...inputs,
      resolvedProfileId: profile.id,
      resolvedProfileName: profile.name,
      resolvedProfileClientCode: profile.clientCode,
    },
    failures: [],
  };
}

async function diff(_id: string, olds: AccountOutputs, news: AccountInputs): Promise<DetailedDiffResult> {
  const changes = changedProperties(changeTable, olds, news);
  // An activation that has not finished yet: update resumes waiting for it.
  if (olds.accountId === undefined && changes.replaces.length === 0)
    return { changes: true, replaces: [], updates: changes.updates, deleteBeforeReplace: false };
  // The subdomain and domain are unique at MailUp: a replacement that keeps them must free them first.
  const keepsDomains =
    olds.customDomain === news.customDomain && olds.customSubdomain === news.customSubdomain;
  return toDiffResult(changes, keepsDomains);
}

// ---------------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------------

async function create(inputs: AccountInputs): Promise<pulumi.dynamic.CreateResult<AccountOutputs>> {
  const api = client();
  const profile = await resolvedProfile(api, inputs);
  if (inputs.adopt !== undefined) return adoptAccount(api, inputs, profile, inputs.adopt);

  const journal = journalFromConfig();
  const key = activationKey(inputs);
  const recorded = journal && (await recordedActivation(journal, key));
  if (journal && recorded) {
    const resumed = await resumeRecorded(api, inputs, profile, recorded, journal);
    if (resumed) return resumed;
    await forgetActivation(journal, key);
  }
  let activation;
  try {
    activation = await api.startActivation(profile.id, inputs.language, {
      IpAddress: inputs.ipAddress,
      Email: inputs.email,
      CustomDomain: inputs.customDomain,
      CustomSubdomain: inputs.customSubdomain,
      ServiceName: inputs.serviceName,
      ServiceUrl: inputs.serviceUrl,
      ServiceLogoutUrl: inputs.serviceLogoutUrl,
      UserAgent: inputs.userAgent ?? "",
      Referer: inputs.referer ?? "",
    });
  } catch (err) {
    throw activationNotConfirmed(`${inputs.customSubdomain}.${inputs.customDomain}`, err);
  }
  if (journal) {
    // What resuming it needs; the rest of MailUp's answer (its hash) stays out of the journal.
    await recordActivation(journal, key, {
      IdActivation: activation.IdActivation,
      ControlPanelDomain: activation.ControlPanelDomain,
      LinkTrackingDomain: activation.LinkTrackingDomain,
      ImageTrackingDomain: activation.ImageTrackingDomain,
    });
  }
  const pending: AccountOutputs = {
    ...inputs,
    activationId: activation.IdActivation,
    profileId: profile.id,
    profileName: profile.name,
    controlPanelDomain: activation.ControlPanelDomain,
    linkTrackingDomain: activation.LinkTrackingDomain,
    imageTrackingDomain: activation.ImageTrackingDomain,
    status: "Activating",
  };
  const id = activation.IdActivation;
  try {
    return { id, outs: await finishActivation(api, pending) };
  } catch (err) {
    // The activation was started (and may be billed): whatever went wrong after it, it is recorded, so
    // the next `up` resumes this one instead of activating another account.
    throw createdButUnfinished(id, pending, unfinishedReason(id, err));
  }
}

/**
 * Resumes the activation an earlier run started and recorded in the journal (killed before Pulumi saved
 * it): nothing new is activated. Undefined when it left no account (failed, or its account was deleted
 * since), so that a new activation starts.
 */
async function resumeRecorded(
  api: MailupClient,
  inputs: AccountInputs,
  profile: Pick<MailupProfile, "id" | "name">,
  recorded: JournalValue,
  journal: Journal,
): Promise<pulumi.dynamic.CreateResult<AccountOutputs> | undefined> {
  const id = recorded.IdActivation;
  const pending: AccountOutputs = {
    ...inputs,
    activationId: id,
    profileId: profile.id,
    profileName: profile.name,
    controlPanelDomain: recorded.ControlPanelDomain,
    linkTrackingDomain: recorded.LinkTrackingDomain,
    imageTrackingDomain: recorded.ImageTrackingDomain,
    status: "Activating",
  };
  await warnOperator(
    `mailup.Account ${inputs.customSubdomain}.${inputs.customDomain}: resuming activation ${id}, which an ` +
      `earlier run started and recorded in the activation journal (${journal.location}); nothing new is activated`,
  );
  try {
    return { id, outs: await finishActivation(api, pending) };
  } catch (err) {
    if (leftNoAccount(err)) return undefined;
    throw createdButUnfinished(id, pending, unfinishedReason(id, err));
  }
}

/** Waits for the activation, then reads the account. Throws a VendorError (the activation's failure or timeout, or a call's). */
async function finishActivation(api: MailupClient, pending: AccountOutputs): Promise<AccountOutputs> {
  const accountId = await waitForActivation(api, pending, pending.activationTimeoutSeconds);
  const account = await api.getAccount(accountId);
  let outs = await fromAccount(api, { ...pending, accountId }, account);
  if (!pending.enabled && account.Code === 0)
    outs = { ...outs, ...statusOf(await api.setEnabled(accountId, false)) };
  return outs;
}

/** Takes over an existing account after checking that it is what the program declares. */
async function adoptAccount(
  api: MailupClient,
  inputs: AccountInputs,
  profile: Pick<MailupProfile, "id" | "name">,
  accountId: string,
): Promise<pulumi.dynamic.CreateResult<AccountOutputs>> {
  let account: MailupAccount;
  try {
    account = await api.getAccount(accountId);
  } catch (err) {
    if (err instanceof VendorNotFoundError)
      throw withHint(
        err,
        `Cannot adopt account ${accountId}: it does not exist; check the id given to \`adopt\``,
      );
    throw err;
  }
  // The account status call reports the profile and whether it is enabled; the address, language,
  // domains and service fields it does not report cannot contradict the program.
  const comparisons: Comparison[] = [
    ["profile", profile.id, account.IdProfile],
    ["enabled", inputs.enabled, accountArgsOf(account).enabled],
  ];
  requireAdoptable("mailup", `account ${accountId}`, "an account", comparisons);
  const base: AccountOutputs = {
    ...inputs,
    accountId,
    profileId: profile.id,
    profileName: profile.name,
    status: account.Description ?? "",
  };
  return { id: accountId, outs: await fromAccount(api, base, account) };
}

// ---------------------------------------------------------------------------------------------------
// read
// ---------------------------------------------------------------------------------------------------

async function read(id: string, props?: AccountOutputs): Promise<pulumi.dynamic.ReadResult<AccountOutputs>> {
  if (!props) return importAccount(id);
  const api = client();
  let accountId = props.accountId;
  if (accountId === undefined) {
    // Unfinished activation: one look at its status, no waiting.
    const status = await api.getActivationStatus(props.activationId!);
    if (status.Code !== 0 || !status.IdAccount) {
      return {
        id,
        props: { ...props, status: status.Code === 1 ? "Activating" : `Failed (Code ${status.Code})` },
      };
    }
    accountId = status.IdAccount;
  }
  const account = await unlessGone(() => api.getAccount(accountId));
  if (account === undefined) return {};
  const outs = await fromAccount(api, { ...props, accountId }, account);
  // Keep the program's way of naming the profile (id or name) when it still designates the live one.
  const profile =
    props.profile === account.IdProfile || props.profile.toLowerCase() === outs.profileName.toLowerCase()
      ? props.profile
      : account.IdProfile;
  // Refresh reports what the account status call returns (profile, enabled); the address, language,
  // domains and service fields it does not carry keep their state values.
  const inputs: AccountInputs = { ...pickInputs(props), profile, enabled: accountArgsOf(account).enabled };
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return {
    id,
    props: withoutUndefined({ ...outs, ...inputs }),
    inputs: withoutUndefined(inputs) as AccountOutputs,
  };
}

/**
 * `pulumi import` (the native provider's Read with the id alone): the account `adopt` would take, by its
 * account id. Its inputs are what the account status call reports, the profile named as the profile list
 * names it; the address, language, domains and service fields are left out (the generated program gets
 * empty ones to fill in), as are the activation request's fields and the defaults.
 */
async function importAccount(id: string): Promise<pulumi.dynamic.ReadResult<AccountOutputs>> {
  if (!/^\d+$/.test(id)) {
    throw refusedBeforeCall(
      { vendor: "mailup", operation: "import account", resource: id },
      `cannot import ${JSON.stringify(id)} as a mailup.Account: its id is the MailUp account id (digits), as \`adopt\` takes it`,
      "The MailUp console shows each account's id",
    );
  }
  const api = client();
  const account = await unlessGone(() => api.getAccount(id));
  if (account === undefined) return {};
  const profile = (await cachedProfiles(api)).find((p) => p.id === account.IdProfile);
  // Short of the fields no read returns: the inputs of an import are what the vendor reports, no more.
  const inputs = accountArgsOf(account, profile?.name) as AccountInputs;
  const base = {
    ...inputs,
    accountId: id,
    profileId: account.IdProfile,
    profileName: profile?.name ?? account.IdProfile,
  } as AccountOutputs;
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return { id, props: await fromAccount(api, base, account), inputs: inputs as AccountOutputs };
}

// ---------------------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------------------

async function update(id: string, olds: AccountOutputs, news: AccountInputs) {
  const api = client();
  const desired = pickInputs(news);
  let outs: AccountOutputs = { ...olds, ...desired };
  if (olds.accountId === undefined) {
    // Resume the activation an earlier run left unfinished; the error keeps the state as it is.
    outs = await finishActivation(api, outs);
  }
  const accountId = outs.accountId!;
  const { updates } = changedProperties(changeTable, olds, news);
  if (updates.includes("profile")) {
    const profile = await resolvedProfile(api, news);
    if (profile.id !== olds.profileId)
      await switchProfile(api, accountId, profile, news.activationTimeoutSeconds);
    outs = { ...outs, profileId: profile.id, profileName: profile.name };
  }
  if (updates.includes("enabled") || outs.enabled !== isEnabledStatus(outs.status)) {
    outs = { ...outs, ...statusOf(await api.setEnabled(accountId, news.enabled)) };
  }
  return { outs: { ...outs, ...desired } };
}

/**
 * Starts the switch and repeats the same PUT until MailUp answers 200 (202 means still switching).
 *
 * MailUp answers 500 when the switch fails ("If an error occurred it returns 500 Internal Server Error",
 * help.mailup.com diffpages 36350302→36350762). That 500 is not repeated within the run: the request layer
 * repeats only the answers that mean "try later" (429, 502-504), and this 500 is MailUp's verdict on the
 * switch, which an immediate repeat would most likely meet again while hiding it. The PUT is idempotent by
 * construction (repeating it is how MailUp reports progress; nothing is charged or doubled), so the next
 * `pulumi up` repeats it safely, with the failure shown in between. The account is read first: a switch
 * that took effect all the same counts as done.
 */
async function switchProfile(
  api: MailupClient,
  accountId: string,
  profile: Pick<MailupProfile, "id" | "name">,
  timeoutSeconds: number,
) {
  let result;
  try {
    result = await pollUntilDone(
      async () =>
        (await api.switchProfile(accountId, profile.id))
          ? { done: true as const, value: true }
          : { done: false as const, status: "202 Accepted" },
      { timeoutMs: timeoutSeconds * 1000 },
    );
  } catch (err) {
    const failed = err instanceof VendorError && err.httpStatus === 500;
    await confirmLostWrite(
      err,
      async () => (await api.getAccount(accountId)).IdProfile === profile.id,
      joinSentences(
        `Account ${accountId} is not on profile ${profile.name} (${profile.id})`,
        failed ? "MailUp answers 500 when a profile change fails" : undefined,
        "Running `pulumi up` again repeats the same PUT, which MailUp documents as safe to repeat; if it " +
          "fails again, look at the account in the MailUp console",
      ),
    );
    return;
  }
  if (!result.done) {
    // Not a failure of any call: MailUp is still at it (202), and the next `up` repeats the same PUT.
    throw new VendorError({
      vendor: "mailup",
      operation: "switch profile",
      resource: `account ${accountId}`,
      reason:
        `account ${accountId} was still switching to profile ${profile.name} (${profile.id}) after ` +
        `${timeoutSeconds}s (${result.checks} checks)`,
      hint: "Run `pulumi up` again to keep waiting (the switch carries on at MailUp)",
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------

async function remove(id: string, props: AccountOutputs): Promise<void> {
  const api = client();
  let accountId = props.accountId;
  if (accountId === undefined) {
    const status = await api.getActivationStatus(props.activationId ?? id);
    if (status.Code === 2) return; // the activation failed: there is no account
    if (status.Code !== 0 && status.Code !== 1) throw activationFailure(props, status);
    if (status.Code !== 0 || !status.IdAccount) {
      throw refusedBeforeCall(
        { vendor: "mailup", operation: "delete account", resource: id },
        `cannot delete account resource ${id} yet: its activation is still ${status.Description ?? "processing"}`,
        "Run the destroy again once it ends",
      );
    }
    accountId = status.IdAccount;
  }
  await unlessGone(() => api.deleteAccount(accountId));
  await forgetActivation(journalFromConfig(), activationKey(props));
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<AccountInputs, AccountOutputs> = {
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

/** The profile check resolved, or a lookup when check could not (an input unknown during preview). */
async function resolvedProfile(
  api: MailupClient,
  inputs: AccountInputs,
): Promise<Pick<MailupProfile, "id" | "name">> {
  if (inputs.resolvedProfileId && inputs.resolvedProfileName) {
    return { id: inputs.resolvedProfileId, name: inputs.resolvedProfileName };
  }
  return resolveProfile(api, inputs.profile);
}

async function resolveProfile(api: MailupClient, idOrName: string): Promise<MailupProfile> {
  const profiles = await api.listProfiles();
  const profile = findProfile(profiles, idOrName);
  if (!profile) {
    throw refusedBeforeCall(
      { vendor: "mailup", operation: "resolve profile", resource: idOrName },
      `no profile "${idOrName}"; profiles: ${describeProfiles(profiles)}`,
    );
  }
  return profile;
}

function describeProfiles(profiles: MailupProfile[]): string {
  return profiles.map((p) => `${p.name} (${p.id})`).join(", ");
}

function statusOf(status: { Code: number; Description?: string; ValidFrom?: string; ValidTo?: string }) {
  return {
    status: status.Description ?? (status.Code === 0 ? "Enabled" : "Disabled"),
    validFrom: status.ValidFrom,
    validTo: status.ValidTo,
  };
}

/**
 * The account status call says "Enabled" for Code 0; the enable/disable call's answer (an older page)
 * says "Active" / "Deactivated". Both words count.
 */
function isEnabledStatus(status: string): boolean {
  return /^(enabled|active)$/i.test(status);
}

/**
 * State from the account status call: its profile, status and validity. The name of a profile changed
 * outside Pulumi comes from the (cached) profile list, since the call reports only the id.
 */
async function fromAccount(
  api: MailupClient,
  base: AccountOutputs,
  account: MailupAccount,
): Promise<AccountOutputs> {
  const profileName =
    account.IdProfile === base.profileId
      ? base.profileName
      : ((await cachedProfiles(api)).find((p) => p.id === account.IdProfile)?.name ?? account.IdProfile);
  return withoutUndefined({
    ...base,
    accountId: account.IdAccount ?? base.accountId,
    profileId: account.IdProfile,
    profileName,
    ...statusOf(account),
  });
}

function pickInputs(outputs: AccountInputs): AccountInputs {
  const keys = Object.keys(changeTable) as (keyof AccountInputs)[];
  return Object.fromEntries(keys.map((k) => [k, outputs[k]])) as AccountInputs;
}

// ---------------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------------

/** The arguments of {@link Account}. */
export interface AccountArgs {
  /**
   * The MailUp profile, by id (`"1048"`) or name (`"Premium"`; see `mailup.getProfiles`): letters and
   * digits, with single spaces, dots, dashes or underscores between them, at most 100 characters.
   * Changing it switches the account's profile in place; the switch is polled until MailUp reports it
   * done (within `activationTimeoutSeconds`).
   */
  profile: pulumi.Input<string>;
  /**
   * Console language: a two-letter code such as `"EN"` (any case; stored upper case), one the profile
   * allows (see `mailup.getProfileLanguages`). Changing it replaces the account: MailUp cannot change it
   * after activation.
   */
  language: pulumi.Input<string>;
  /**
   * Your client's IPv4 or IPv6 address, sent with the activation (MailUp answers code 4 when it is
   * invalid). Ignored after creation: it describes the activation request, not the account.
   */
  ipAddress: pulumi.Input<string>;
  /** Your customer's email address (MailUp code 5 when invalid). Changing it replaces the account. */
  email: pulumi.Input<string>;
  /**
   * Your product's or customer's domain, e.g. `example.com`. Changing it replaces the account. With
   * `customSubdomain` it is unique at MailUp, so a replacement that keeps both (another creation-time
   * input changed) deletes the old account before activating the new one.
   */
  customDomain: pulumi.Input<string>;
  /**
   * Subdomain addressing this console: a single DNS label such as `customer123`. Changing it replaces the
   * account.
   */
  customSubdomain: pulumi.Input<string>;
  /** Your product name, 1 to 255 characters (MailUp code 10). Changing it replaces the account. */
  serviceName: pulumi.Input<string>;
  /**
   * Your product's web site, as the MailUp docs write it: a host name and path, the scheme optional
   * (`www.example.com/info`, `https://example.com/info`), at most 2048 characters (MailUp code 11).
   * Changing it replaces the account.
   */
  serviceUrl: pulumi.Input<string>;
  /**
   * Where a customer is sent on logout, in the same form as `serviceUrl` (`www.example.com`), at most 2048
   * characters (MailUp code 12). Changing it replaces the account.
   */
  serviceLogoutUrl: pulumi.Input<string>;
  /**
   * Your client's user agent, sent with the activation, at most 1024 characters; leave it out to send
   * none (an empty string is refused). Ignored after creation.
   */
  userAgent?: pulumi.Input<string>;
  /**
   * Your client's referer, sent with the activation, at most 2048 characters; leave it out to send none
   * (an empty string is refused). Ignored after creation.
   */
  referer?: pulumi.Input<string>;
  /** Whether the account is active. Changing it enables or disables the account in place. Default: `true`. */
  enabled?: pulumi.Input<boolean>;
  /**
   * How long, in whole seconds (1 to 3600), create waits for MailUp's asynchronous activation, and update
   * for a profile switch. When it passes, the account is recorded as unfinished and the next `up` resumes
   * waiting instead of activating another. Default: `300`. Changing it causes no update.
   */
  activationTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Id (digits) of an existing MailUp account to take over instead of activating one: the import path.
   * Nothing is activated; creation fails, listing each difference, when the account does not match these
   * inputs. Ignored after creation.
   */
  adopt?: pulumi.Input<string>;
}

const _accountArgsAgree: ArgsAgree<AccountArgs, typeof accountArgsSchema> = true;
const _accountInputsAgree: InputsAgree<
  CheckedArgs<AccountArgs, "enabled" | "activationTimeoutSeconds">,
  typeof accountArgsSchema
> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "mailup.Account" satisfies ResourceLabel;

/**
 * A MailUp customer account (a console) of the retailer.
 *
 * Creation starts MailUp's asynchronous activation and waits for it (up to `activationTimeoutSeconds`);
 * one that takes longer is recorded as unfinished and the next `up` resumes waiting, so a second account
 * is never activated. Changing `profile` switches it in place and `enabled` enables or disables it; the
 * fields MailUp cannot change after activation replace the account. The tracking domains need CNAMEs at
 * the customer's DNS: `controlPanelDomain`, `linkTrackingDomain` and `imageTrackingDomain` are outputs so a
 * program can create the records. Set `adopt` to an account id to manage an existing account.
 * Credentials: the stack config `mailreseller:mailup*` or `MAILRESELLER_MAILUP_*` (see the README).
 *
 * This class protects it by default (the deletion guard; a program of the native provider plugin sets
 * `protect` itself, which the policy pack's `deletion-guard` requires): the engine refuses, in preview
 * and in `up`, to delete it or replace it, unless the program passes `protect: false` or the stack sets `mailreseller:deletionGuard`
 * to false. To delete one on purpose: `pulumi state unprotect <urn>`, then remove it from the program.
 *
 * Type tokens: `pulumi-nodejs:dynamic/mailup:Account` (this class), `mailreseller:mailup:Account` (the
 * native provider plugin).
 */
export class Account extends pulumi.dynamic.Resource {
  /** The profile as the program names it (id or name); `profileId` and `profileName` are MailUp's. */
  declare public readonly profile: pulumi.Output<string>;
  /** The console language, upper case (e.g. `EN`). */
  declare public readonly language: pulumi.Output<string>;
  /** The IP address sent with the activation. */
  declare public readonly ipAddress: pulumi.Output<string>;
  /** The customer's email address. */
  declare public readonly email: pulumi.Output<string>;
  /** The product's or customer's domain. */
  declare public readonly customDomain: pulumi.Output<string>;
  /** The subdomain addressing the console. */
  declare public readonly customSubdomain: pulumi.Output<string>;
  /** The product name. */
  declare public readonly serviceName: pulumi.Output<string>;
  /** The product's web site. */
  declare public readonly serviceUrl: pulumi.Output<string>;
  /** Where a customer is sent on logout. */
  declare public readonly serviceLogoutUrl: pulumi.Output<string>;
  /** The user agent sent with the activation, when set. */
  declare public readonly userAgent: pulumi.Output<string | undefined>;
  /** The referer sent with the activation, when set. */
  declare public readonly referer: pulumi.Output<string | undefined>;
  /** Whether the account is enabled. */
  declare public readonly enabled: pulumi.Output<boolean>;
  /** How long create and a profile switch wait, in seconds. */
  declare public readonly activationTimeoutSeconds: pulumi.Output<number>;
  /** The account id this resource took over, when it was adopted rather than activated. */
  declare public readonly adopt: pulumi.Output<string | undefined>;
  /**
   * The account id; what `mailup.AccountPack` takes. Absent only while an activation that outlived
   * `activationTimeoutSeconds` is unfinished (the next `up` resumes it).
   */
  declare public readonly accountId: pulumi.Output<string>;
  /** The activation id MailUp returned: the resource id of an account this resource activated. */
  declare public readonly activationId: pulumi.Output<string | undefined>;
  /** The profile's id as MailUp reports it. */
  declare public readonly profileId: pulumi.Output<string>;
  /** The profile's name as MailUp reports it. */
  declare public readonly profileName: pulumi.Output<string>;
  /** Needs a CNAME to MailUp at the customer's DNS. */
  declare public readonly controlPanelDomain: pulumi.Output<string>;
  /** Needs a CNAME to MailUp at the customer's DNS. */
  declare public readonly linkTrackingDomain: pulumi.Output<string>;
  /** Needs a CNAME to MailUp at the customer's DNS. */
  declare public readonly imageTrackingDomain: pulumi.Output<string>;
  /**
   * MailUp's description of the account's state, e.g. "Enabled", "Active" or "Deactivated"; "Activating"
   * while the activation is unfinished.
   */
  declare public readonly status: pulumi.Output<string>;
  /** Start of the account's validity, as MailUp reports it. */
  declare public readonly validFrom: pulumi.Output<string | undefined>;
  /** End of the account's validity, as MailUp reports it. */
  declare public readonly validTo: pulumi.Output<string | undefined>;

  constructor(name: string, args: AccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim,
      ...registration(
        TYPE,
        name,
        args,
        {
          accountId: undefined,
          activationId: undefined,
          profileId: undefined,
          profileName: undefined,
          controlPanelDomain: undefined,
          linkTrackingDomain: undefined,
          imageTrackingDomain: undefined,
          status: undefined,
          validFrom: undefined,
          validTo: undefined,
          // Optional inputs too: the SDK creates an output only for a property passed here.
          userAgent: undefined,
          referer: undefined,
          enabled: undefined,
          activationTimeoutSeconds: undefined,
          adopt: undefined,
          ...args,
        },
        opts,
      ),
    );
  }
}

const _accountOutputsDeclared: OutputsDeclared<
  Account,
  AccountOutputs,
  keyof PolicyFacts | "resolvedProfileId" | "resolvedProfileName" | "resolvedProfileClientCode"
> = true;
