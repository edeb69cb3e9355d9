/**
 * How LogicBoxes answers and refuses: mail answers wrapped in `response`, mail refusals with HTTP 200,
 * platform errors with 500, and the recorded error codes. Every call module throws through these, so a
 * client meets one set of shapes whichever call it makes.
 */

import { HttpError } from "../core/http";
import type { Fail } from "./params";

/** The recorded failure codes (Pitchero/ResellerClub tests) and ours, marked. */
export const MAIL_ERROR_CODES = {
  /** Recorded: "Email address is already registered with us". */
  taken: "emailaddress_unique_key_voilation",
  /** Recorded: "Email address X does not exist". */
  missing: "emailaddress_does_not_exist",
  /** Assumption: every other refusal. */
  invalid: "invalid_parameter",
} as const;

/**
 * LogicBoxes' mail answers: everything inside `response`. The status word is `SUCCESS`, but `Success` for
 * a delete (Pitchero/ResellerClub a477896, both delete mocks).
 */
export interface MailAnswer<T extends object = object> {
  response: { status: "SUCCESS" | "Success" } & T;
}

/**
 * Mail failures arrive with HTTP 200 as `{"response":{"status":"FAILURE","message","errorCode"}}`
 * (Pitchero/ResellerClub's recorded delete and add failures; its DeletedResponse reads them from a
 * successful HTTP answer), so a client that only checks the status misses them. The router renders an
 * HttpError of status 200 so, its `code` as `errorCode`.
 */
export const mailError = (message: string, errorCode: string = MAIL_ERROR_CODES.invalid): HttpError =>
  new HttpError(200, errorCode, message);
export const SUCCESS = { response: { status: "SUCCESS" as const } };
/** customers/* and billing/* errors arrive with HTTP 500. */
export const apiError: Fail = (message) => new HttpError(500, "Error", message);

/**
 * LogicBoxes' answer to a mail call on an order whose free email is not activated, word for word as the
 * LogicBoxes Free Mail addon compares it (tunnel-conflux/mail-host-box `mailhostbox.php`, `mailhostbox.tpl`),
 * which reads it as a top-level `message` (not inside `response`). Its status word and HTTP status are not
 * recorded: the sandbox answers it as its other platform errors, `{"status":"ERROR"}` with HTTP 500.
 */
export const FREE_MAIL_NOT_ACTIVATED =
  "You need to activate your FREE Email Services before you can perform this action";
