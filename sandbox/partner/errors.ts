/**
 * The Partner API's refusals, one function each, so that the outMail and live-service rules and the
 * admin calls answer a given failure with one status, name and wording.
 */

import { HttpError } from "../core/http";

export function validationError(field: string, message: string): HttpError {
  return new HttpError(422, "ValidationError", `${field}: ${message}`);
}

export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, "NotFound", `No ${what} with id ${id}.`);
}

export function insufficientCredits(what: string, cost: number, balance: number): HttpError {
  return new HttpError(
    405,
    "InsufficientCredits",
    `Insufficient partner credits: ${what} costs ${cost} credits, the balance is ${balance}.`,
  );
}

export function suspendedBySystem(id: string): HttpError {
  return new HttpError(
    403,
    "SuspendedBySystem",
    `Live service ${id} was suspended by the system (abuse, billing, …) and cannot be unsuspended through the Partner API; contact Prolateral support.`,
  );
}

/** Admin calls (test setup) refuse with 400, not the API's 422. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, "BadRequest", message);
}
