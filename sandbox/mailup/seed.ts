/**
 * Seed data for the MailUp Retailer Service. The docs' own ids, names and (Italian) descriptions appear
 * verbatim (profiles 1046-1048, packs 534/535, activation 9054) so that their samples run unchanged.
 */

/** A retailer-defined profile, as `GET Management/Profile` lists it. */
export interface MailUpProfile {
  Id: number;
  ClientCode: number;
  Name: string;
  Description: string;
}

/** A retailer-defined pack of one profile, as `GET Management/Profile/{id}/Pack` lists it. */
export interface MailUpPack {
  Id: number;
  ClientCode: number;
  Name: string;
  Description: string;
  /** Fewest packs of this kind an account on the profile may hold (0 is always allowed: no pack). */
  Min: number;
  Max: number;
}

/** Everything the sandbox knows about a profile; only the `profile` part is ever listed as is. */
export interface MailUpProfileSeed {
  profile: MailUpProfile;
  /** Trial accounts: one per ExternalUserId, valid for TRIAL_VALIDITY_DAYS. */
  trial: boolean;
  packs: readonly MailUpPack[];
  /** In the order the docs list them. */
  languages: readonly string[];
}

export const TRIAL_PROFILE_ID = 1046;
export const ECONOMY_PROFILE_ID = 1047;
export const PREMIUM_PROFILE_ID = 1048;

export const SPEED_PACK_ID = 534;
export const CREDITS_PACK_ID = 535;

const SPEED_PACK: MailUpPack = {
  ClientCode: 1,
  Description: "Pacchetto che consente di aumentare la velocità di invio di 300 mail/ora",
  Id: SPEED_PACK_ID,
  Max: 5,
  Min: 1,
  Name: "VelocitaAggiuntiva300",
};

const CREDITS_PACK: MailUpPack = {
  ClientCode: 2,
  Description: "Pacchetto che consente di aggiungere 300 crediti alla console",
  Id: CREDITS_PACK_ID,
  Max: 65535,
  Min: 1,
  Name: "Crediti300",
};

export const SEED_PROFILES: readonly MailUpProfileSeed[] = [
  {
    profile: { ClientCode: 1, Description: "Trial", Id: TRIAL_PROFILE_ID, Name: "Trial" },
    trial: true,
    packs: [CREDITS_PACK],
    languages: ["EN", "IT"],
  },
  {
    profile: { ClientCode: 2, Description: "Economy", Id: ECONOMY_PROFILE_ID, Name: "Economy" },
    trial: false,
    packs: [SPEED_PACK, CREDITS_PACK],
    languages: ["EN", "IT", "ES", "FR"],
  },
  {
    profile: { ClientCode: 3, Description: "Premium", Id: PREMIUM_PROFILE_ID, Name: "Premium" },
    trial: false,
    packs: [SPEED_PACK, CREDITS_PACK],
    // The docs' sample answer of `GET Management/Profile/{id}/Lang`, in its order.
    languages: ["JA", "ID", "IT", "ES", "FR", "PT", "ZH", "EN"],
  },
];

/** The docs' activation sample answers IdActivation 9054: the first activation here gets it. */
export const FIRST_ACTIVATION_ID = 9054;
export const FIRST_ACCOUNT_ID = 150001;

export const TRIAL_VALIDITY_DAYS = 30;

/** Where control panels live, as in the docs' `ControlPanelDomain` sample (`customer123.mailadmin.io`). */
export const CONTROL_PANEL_DOMAIN = "mailadmin.io";

/**
 * .NET's TwoLetterISOLanguageName values are ISO 639-1 codes: a lang outside this list is the docs' 400
 * "Invalid language.", a listed one the profile does not offer is Code 3.
 */
export { ISO_639_1_CODES } from "../core/iso-codes";
