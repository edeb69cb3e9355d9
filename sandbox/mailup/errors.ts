/**
 * MailUp's failures beside its REST error body, and the one 403 every lookup answers. Shared by the
 * subject modules (catalogue, activation, accounts, packs), so that each refuses in the same words
 * whether the id is malformed, unknown or someone else's: the answer must not tell them apart.
 */

import { HttpError } from "../core/http";

/**
 * A failure the docs report as a `{"Code","Description"}` result (activation validation, packs) rather
 * than as the MailUp error body. The router renders it with its own HTTP status.
 */
export class MailUpResultError extends HttpError {
  constructor(
    status: number,
    readonly resultCode: number,
    description: string,
  ) {
    super(status, status === 400 ? "BadRequest" : "Forbidden", description);
  }
}

/** A token-endpoint failure: rendered as RFC 6749's `{"error","error_description"}`, `code` being `error`. */
export class OAuthError extends HttpError {}

export const NO_PROFILE = "You cannot access to provided profile.";
export const NO_ACCOUNT = "You cannot access to provided account.";
export const NO_ACTIVATION = "You cannot access to provided activation.";

export function forbidden(message: string): HttpError {
  return new HttpError(403, "Forbidden", message);
}

/** Ids in URLs: anything but a plain positive integer cannot name a resource, so it gets the same 403. */
export function idFrom(value: string, message: string): number {
  if (!/^\d{1,15}$/.test(value)) throw forbidden(message);
  return Number(value);
}
