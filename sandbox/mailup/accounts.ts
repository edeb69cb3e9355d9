/**
 * A retailer's customer account once its activation has finished: the record, how long it is valid, the
 * profile switch, and the three shapes the API and the admin state show it in. The state keeps the
 * records and finds them; what an account is, and how each answer reads, is here.
 */

import { HttpError } from "../core/http";
import type { ActivationRecord, ServiceFields } from "./activation";
import { packNames, profileSeedById } from "./catalogue";
import type { Domains } from "./domains";
import { type MailUpProfileSeed, SEED_PROFILES, TRIAL_VALIDITY_DAYS } from "./seed";

/**
 * `GET Account/{id}/Status` ("Get retailer's customer account status"): the documented fields only, no
 * address, domains or names. Every pack the profile allows is listed, at 0 when the account has none.
 */
export interface AccountStatusAnswer {
  Code: 0 | 1;
  Description: "Enabled" | "Disabled";
  ActivePacks: { CurrentQuantity: number; Id: number; Quantity: number }[];
  Credits: number;
  IdAccount: number;
  IdProfile: number;
  ValidFrom: string;
  ValidTo: string;
}

export interface ActivePack {
  IdPack: number;
  Name: string;
  /** The algebraic sum of every addition and removal so far. */
  Quantity: number;
  /** Packs in use now: additions count at once, removals only after the month end. */
  CurrentQuantity: number;
}

/** `PUT Account/{id}?Enable=` answer. */
export interface AccountStatus {
  Code: 0 | 1;
  Description: "Active" | "Deactivated";
  ValidFrom: string;
  ValidTo: string;
}

export interface AccountView extends AccountStatus {
  IdAccount: number;
  IdProfile: number;
  ProfileName: string;
  Language: string;
  Email: string;
  CustomDomain: string;
  CustomSubdomain: string;
  ServiceName: string;
  ServiceUrl: string;
  ServiceLogoutUrl: string;
  ControlPanelDomain: string;
  LinkTrackingDomain: string;
  ImageTrackingDomain: string;
  ActivePacks: ActivePack[];
}

export interface PackHolding {
  quantity: number;
  currentQuantity: number;
}

export interface AccountRecord extends ServiceFields {
  id: number;
  externalUserId: string;
  profileId: number;
  language: string;
  domains: Domains;
  enabled: boolean;
  validFrom: Date;
  validTo: Date;
  packs: Map<number, PackHolding>;
  profileChange?: { target: number; calls: number };
}

/** MailUp's dates: "2015-10-14 22:00:00Z" (a space, no milliseconds). */
export function mailupDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function addYear(date: Date): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}

function validUntil(seed: MailUpProfileSeed, from: Date): Date {
  return seed.trial ? addDays(from, TRIAL_VALIDITY_DAYS) : addYear(from);
}

/** The account a finished activation opens: enabled, valid from now, no packs. */
export function openAccount(
  id: number,
  activation: ActivationRecord,
  seed: MailUpProfileSeed,
): AccountRecord {
  const now = new Date();
  return {
    id,
    externalUserId: activation.externalUserId,
    profileId: activation.profileId,
    language: activation.language,
    domains: activation.domains,
    enabled: true,
    validFrom: now,
    validTo: validUntil(seed, now),
    packs: new Map(),
    email: activation.email,
    customDomain: activation.customDomain,
    customSubdomain: activation.customSubdomain,
    serviceName: activation.serviceName,
    serviceUrl: activation.serviceUrl,
    serviceLogoutUrl: activation.serviceLogoutUrl,
  };
}

/**
 * Asynchronous like the real service: the first call starts the switch, `polls` calls answer 202, the
 * next one applies it (200). A call for another profile while one is pending starts over. MailUp's page
 * (help.mailup.com diffpages 36350302→36350762, 36348981→36349130): "If an error occurred it returns 500
 * Internal Server Error". The sandbox's one failing switch is to a profile the retailer does not have
 * (assumed); nothing changes then.
 */
export function switchProfile(account: AccountRecord, idProfile: string, polls: number): 200 | 202 {
  const target = /^\d{1,15}$/.test(idProfile)
    ? SEED_PROFILES.find((p) => p.profile.Id === Number(idProfile))
    : undefined;
  if (target === undefined) {
    throw new HttpError(
      500,
      "InternalServerError",
      `The profile change of account ${account.id} to profile ${idProfile} failed.`,
    );
  }
  if (account.profileChange !== undefined && account.profileChange.target !== target.profile.Id) {
    account.profileChange = undefined;
  }
  if (account.profileChange === undefined) {
    if (account.profileId === target.profile.Id) return 200;
    account.profileChange = { target: target.profile.Id, calls: 0 };
  }
  account.profileChange.calls += 1;
  if (account.profileChange.calls <= polls) return 202;

  account.profileChange = undefined;
  account.profileId = target.profile.Id;
  for (const packId of account.packs.keys()) {
    if (!target.packs.some((p) => p.Id === packId)) account.packs.delete(packId);
  }
  account.validTo = validUntil(target, new Date());
  return 200;
}

/** `Enable` absent means true, as the docs' enable URL may omit it. */
export function enableFrom(enable: string | undefined): boolean {
  const value = enable?.toLowerCase();
  if (value !== undefined && value !== "true" && value !== "false") {
    throw new HttpError(400, "BadRequest", "Enable must be true or false.");
  }
  return value !== "false";
}

/** Credits on the console: 300 a `Crediti300` pack in use, and so on (assumed; the docs show 300). */
function credits(packs: { Id: number; CurrentQuantity: number }[]): number {
  const names = packNames();
  return packs.reduce((sum, p) => {
    const per = /^Crediti(\d+)$/.exec(names.get(p.Id) ?? "");
    return sum + (per ? Number(per[1]) * p.CurrentQuantity : 0);
  }, 0);
}

/** `GET Account/{id}/Status`: the documented account status body. */
export function accountStatusAnswer(a: AccountRecord): AccountStatusAnswer {
  const seed = profileSeedById(a.profileId);
  const packIds = [...new Set([...seed.packs.map((p) => p.Id), ...a.packs.keys()])].sort((x, y) => x - y);
  const activePacks = packIds.map((id) => {
    const held = a.packs.get(id);
    return { CurrentQuantity: held?.currentQuantity ?? 0, Id: id, Quantity: held?.quantity ?? 0 };
  });
  return {
    Code: a.enabled ? 0 : 1,
    // "Enabled" is documented; the disabled word is assumed.
    Description: a.enabled ? "Enabled" : "Disabled",
    ActivePacks: activePacks,
    Credits: credits(activePacks),
    IdAccount: a.id,
    IdProfile: a.profileId,
    ValidFrom: mailupDate(a.validFrom),
    ValidTo: mailupDate(a.validTo),
  };
}

export function statusOfAccount(a: AccountRecord): AccountStatus {
  return {
    Code: a.enabled ? 0 : 1,
    Description: a.enabled ? "Active" : "Deactivated",
    ValidFrom: mailupDate(a.validFrom),
    ValidTo: mailupDate(a.validTo),
  };
}

/** Everything about an account, as the admin state and the ledger show it. */
export function viewAccount(a: AccountRecord): AccountView {
  const seed = profileSeedById(a.profileId);
  const catalogue = packNames();
  return {
    IdAccount: a.id,
    IdProfile: a.profileId,
    ProfileName: seed.profile.Name,
    Language: a.language,
    Email: a.email,
    CustomDomain: a.customDomain,
    CustomSubdomain: a.customSubdomain,
    ServiceName: a.serviceName,
    ServiceUrl: a.serviceUrl,
    ServiceLogoutUrl: a.serviceLogoutUrl,
    ControlPanelDomain: a.domains.controlPanel,
    LinkTrackingDomain: a.domains.link,
    ImageTrackingDomain: a.domains.image,
    ...statusOfAccount(a),
    ActivePacks: [...a.packs.entries()]
      .sort(([x], [y]) => x - y)
      .map(([id, h]) => ({
        IdPack: id,
        Name: catalogue.get(id) ?? String(id),
        Quantity: h.quantity,
        CurrentQuantity: h.currentQuantity,
      })),
  };
}
