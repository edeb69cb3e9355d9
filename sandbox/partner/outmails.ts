/**
 * The `/outmails` resource: creating an outMail service (which also buys its live service) and changing
 * its password or billing id. The username and password rules, and the order the create checks run in,
 * are here; regrades and suspensions go through the live service (live-services.ts).
 */

import { HttpError } from "../core/http";
import { validationError } from "./errors";
import type { OutmailRecord, OutmailView, PartnerRecords } from "./records";
import { OUTMAIL_PRODUCT } from "./seed";
import { outmailTariffNames, tariffNamed } from "./tariffs";

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 8;

/** `POST /outmails` answer: the only response that carries the password. */
export interface OutmailCreated {
  id: string;
  username: string;
  password: string;
  outmail_server_id: string;
  live_service_id: string;
}

/** Request fields as strings; absent means not sent. Validation happens here, not in the routes. */
export interface NewOutmailInput {
  service_name?: string;
  whmcs_serviceid?: string;
  client_id?: string;
  username?: string;
  password?: string;
}

export interface OutmailChanges {
  password?: string;
  /** An empty string unlinks the billing id. */
  whmcs_serviceid?: string;
}

function required(field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") throw validationError(field, "is required.");
  return value;
}

function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw validationError("username", "must be 3-64 characters of letters, digits, '.', '_' or '-'.");
  }
}

function checkPassword(password: string): void {
  // The message gives the rule only: a password, even a rejected one, is never echoed.
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw validationError("password", `must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}

/** All checks first (fields, tariff, client, username, balance); then the charge and both records. */
export function createOutmail(records: PartnerRecords, input: NewOutmailInput): OutmailCreated {
  const serviceName = required("service_name", input.service_name);
  const clientId = required("client_id", input.client_id);
  const username = required("username", input.username);
  const password = required("password", input.password);
  checkUsername(username);
  checkPassword(password);
  const tariff = tariffNamed(serviceName);
  if (tariff === undefined) {
    throw validationError(
      "service_name",
      `unknown service name "${serviceName}"; outMail service names: ${outmailTariffNames().join(", ")}.`,
    );
  }
  if (tariff.product !== OUTMAIL_PRODUCT) {
    throw validationError(
      "service_name",
      `"${serviceName}" is a ${tariff.product} tariff; /outmails only creates ${OUTMAIL_PRODUCT} services (${outmailTariffNames().join(", ")}).`,
    );
  }
  if (!records.isClient(clientId)) {
    throw validationError("client_id", `no client with id ${clientId} (see GET /clients).`);
  }
  const taken = records.usernameHolder(username);
  if (taken !== undefined) {
    throw new HttpError(
      409,
      "Conflict",
      `username: "${username}" is already used by outMail service ${taken.id} (live service ${taken.live_service_id}).`,
    );
  }
  records.checkBalance(`creating an ${serviceName} service`, tariff.credits);

  records.charge(tariff.credits);
  const outmail: OutmailRecord = {
    ...records.placeOutmail(),
    username,
    password,
    client_id: clientId,
    whmcs_serviceid: emptyToNull(input.whmcs_serviceid),
    live_service_id: records.takeLiveServiceId("api"),
  };
  records.addOutmail(outmail);
  records.addLiveService({
    id: outmail.live_service_id,
    product: OUTMAIL_PRODUCT,
    tariff_service_name: serviceName,
    client_id: clientId,
    status: "active",
    suspended_by: null,
    outmail_id: outmail.id,
  });
  return {
    id: outmail.id,
    username,
    password,
    outmail_server_id: outmail.outmail_server_id,
    live_service_id: outmail.live_service_id,
  };
}

export function updateOutmail(records: PartnerRecords, id: string, changes: OutmailChanges): OutmailView {
  const outmail = records.outmailRecord(id);
  if (changes.password === undefined && changes.whmcs_serviceid === undefined) {
    throw validationError("password", "nothing to change; send password and/or whmcs_serviceid.");
  }
  if (changes.password !== undefined) checkPassword(changes.password);
  if (changes.password !== undefined) outmail.password = changes.password;
  if (changes.whmcs_serviceid !== undefined) outmail.whmcs_serviceid = emptyToNull(changes.whmcs_serviceid);
  return records.viewOutmail(outmail);
}
