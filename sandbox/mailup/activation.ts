/**
 * Account activation: what `POST Account/Activation/…` must carry, checked in the docs' order with each
 * failure's Code (3-12), and the answers of the start and of the status polls. The state keeps the
 * activations and decides when one finishes; the request's rules are here so they read as the docs list
 * them.
 */

import { isIP } from "node:net";

import { HttpError } from "../core/http";
import { profileSeed } from "./catalogue";
import { type Domains, HOST, HOST_PATTERN, LABEL_PATTERN, domainsFor } from "./domains";
import { MailUpResultError } from "./errors";
import { ISO_639_1_CODES, type MailUpProfileSeed } from "./seed";

export interface ActivationStarted {
  Code: 0;
  Description: "Ok";
  IdActivation: number;
  Hash: string;
  ControlPanelDomain: string;
  ImageTrackingDomain: string;
  LinkTrackingDomain: string;
}

/**
 * `GET Account/Activation/{id}/Status` ("Get retailer's customer account profile activation status"):
 * Processing (1, HTTP 201, `IdAccount` 0) while polls remain, then Ok (0, HTTP 200) with the account.
 * A failed activation is not an answer but a 403 with Code 2 (see activationStatus).
 */
export type ActivationStatus =
  { Code: 0; Description: "Ok"; IdAccount: number } | { Code: 1; Description: "Processing"; IdAccount: 0 };

/** What an activation asks for besides its domains, and what the account it opens keeps. */
export interface ServiceFields {
  email: string;
  customDomain: string;
  customSubdomain: string;
  serviceName: string;
  serviceUrl: string;
  serviceLogoutUrl: string;
}

/** An activation request that passed every check: what the state records. */
export interface ActivationRequest extends ServiceFields {
  seed: MailUpProfileSeed;
  language: string;
  domains: Domains;
}

export interface ActivationRecord extends ServiceFields {
  id: number;
  externalUserId: string;
  profileId: number;
  language: string;
  domains: Domains;
  polls: number;
  outcome?: { code: 0; accountId: number } | { code: 2 };
}

const EMAIL_PATTERN = new RegExp(`^[^\\s@]+@${HOST}$`, "i");
/** The docs' samples give service URLs without a scheme (`www.power-email-marketing.it/info`). */
const URL_PATTERN = new RegExp(`^(?:https?://)?${HOST}(?::\\d{1,5})?(?:[/?#]\\S*)?$`, "i");

export function activationFailure(code: number, description: string): MailUpResultError {
  return new MailUpResultError(403, code, description);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim() : undefined;
}

/**
 * Checks in the docs' order, each failing with its code. `taken` says whether a hostname is already held
 * (codes 7-9); nothing is reserved here.
 */
export function readActivation(
  idProfile: string,
  lang: string,
  body: Record<string, unknown>,
  taken: (host: string) => boolean,
): ActivationRequest {
  const language = lang.toUpperCase();
  if (!ISO_639_1_CODES.has(language)) throw new HttpError(400, "BadRequest", "Invalid language.");
  const seed = profileSeed(idProfile);
  const profileId = seed.profile.Id;
  if (!seed.languages.includes(language)) {
    throw activationFailure(3, `Language '${lang}' is not available for profile ${profileId}.`);
  }
  const ip = text(body.IpAddress);
  if (ip === undefined || isIP(ip) === 0) {
    throw activationFailure(4, "IpAddress cannot be null, empty or invalid.");
  }
  const email = text(body.Email);
  if (email === undefined || !EMAIL_PATTERN.test(email)) {
    throw activationFailure(5, "Email cannot be null, empty or invalid.");
  }
  const customDomain = text(body.CustomDomain)?.toLowerCase();
  const customSubdomain = text(body.CustomSubdomain)?.toLowerCase();
  if (
    customDomain === undefined ||
    customSubdomain === undefined ||
    !HOST_PATTERN.test(customDomain) ||
    !LABEL_PATTERN.test(customSubdomain)
  ) {
    throw activationFailure(6, "Domains cannot be null, empty or invalid.");
  }
  const domains = domainsFor(customSubdomain, customDomain);
  if (taken(domains.controlPanel) || taken(domains.custom)) {
    throw activationFailure(7, "Custom domain not available.");
  }
  if (taken(domains.link)) throw activationFailure(8, "Link tracking domain not available");
  if (taken(domains.image)) throw activationFailure(9, "Image tracking domain not available");
  const serviceName = text(body.ServiceName);
  if (serviceName === undefined || serviceName === "") {
    throw activationFailure(10, "Service name cannot be null, empty or invalid.");
  }
  const serviceUrl = text(body.ServiceUrl);
  if (serviceUrl === undefined || !URL_PATTERN.test(serviceUrl)) {
    throw activationFailure(11, "Service url cannot be null, empty or invalid.");
  }
  const serviceLogoutUrl = text(body.ServiceLogoutUrl);
  if (serviceLogoutUrl === undefined || !URL_PATTERN.test(serviceLogoutUrl)) {
    throw activationFailure(12, "Service logout url cannot be null, empty or invalid.");
  }
  return {
    seed,
    language,
    domains,
    email,
    customDomain,
    customSubdomain,
    serviceName,
    serviceUrl,
    serviceLogoutUrl,
  };
}

/** The start's answer. */
export function activationStarted(activation: ActivationRecord, hash: string): ActivationStarted {
  return {
    Code: 0,
    Description: "Ok",
    IdActivation: activation.id,
    Hash: hash,
    ControlPanelDomain: activation.domains.controlPanel,
    ImageTrackingDomain: activation.domains.image,
    LinkTrackingDomain: activation.domains.link,
  };
}

/** The docs' error table: "id_Activation is not a number" is 400 "Invalid activation.". */
export function activationIdFrom(idActivation: string): number {
  if (!/^\d{1,15}$/.test(idActivation)) throw new HttpError(400, "BadRequest", "Invalid activation.");
  return Number(idActivation);
}

export function statusOf(activation: ActivationRecord): ActivationStatus {
  return activation.outcome?.code === 0
    ? { Code: 0, Description: "Ok", IdAccount: activation.outcome.accountId }
    : { Code: 1, Description: "Processing", IdAccount: 0 };
}
