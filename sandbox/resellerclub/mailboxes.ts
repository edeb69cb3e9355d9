/**
 * The calls that make or change a mailbox (a mail user, `POP_WITHOUT_AUTORESPONDER`): add, modify and
 * change-password. They hold the password and profile rules, which forward-only accounts do not have.
 */

import { ISO_3166_1_ALPHA_2_CODES, ISO_639_1_CODES } from "../core/iso-codes";
import type { MailAccountRecord, MailAccounts, UserAnswer } from "./accounts";
import { type MailAnswer, SUCCESS, mailError } from "./answers";
import { type ResellerClubParams, emailAddress, required, sameSecret } from "./params";

export const MIN_PASSWORD_LENGTH = 8;

function mailUser(account: MailAccountRecord, what: string): MailAccountRecord {
  if (account.accountType !== "pop_without_autoresponder") {
    throw mailError(`${account.email} is a forward-only account and cannot be ${what}.`);
  }
  return account;
}

/**
 * `mail/user/add.json`. Checks: every parameter present (docs order), the order, the address and its
 * domain, the password length, the notification address, the country and language codes, and last
 * whether the address is taken. Nothing is stored on failure.
 */
export function addUser(store: MailAccounts, params: ResellerClubParams): UserAnswer {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  const passwd = required(params, "passwd", mailError, false);
  const notificationText = required(params, "notification-email", mailError);
  const firstName = required(params, "first-name", mailError);
  const lastName = required(params, "last-name", mailError);
  const countryText = required(params, "country-code", mailError);
  const languageText = required(params, "language-code", mailError);

  const order = store.order(orderId);
  const email = store.addressOnOrder(order, emailText);
  // The rule only: a password, even a rejected one, is never echoed.
  if (passwd.length < MIN_PASSWORD_LENGTH) {
    throw mailError(`passwd must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  const notificationEmail = emailAddress("notification-email", notificationText, mailError);
  const countryCode = countryText.toUpperCase();
  if (!ISO_3166_1_ALPHA_2_CODES.has(countryCode)) {
    throw mailError("country-code must be an ISO 3166-1 alpha-2 code (for example US).");
  }
  const languageCode = languageText.toLowerCase();
  if (!ISO_639_1_CODES.has(languageCode.toUpperCase())) {
    throw mailError("language-code must be an ISO 639-1 two-letter code (for example en).");
  }
  store.checkAvailable(email);

  return store.add({
    orderId: order.orderId,
    email,
    accountType: "pop_without_autoresponder",
    password: passwd,
    notificationEmail,
    firstName,
    lastName,
    countryCode,
    languageCode,
    forwards: [],
    userForwards: [],
  });
}

/** `mail/user/modify.json`: all four fields replace the stored ones; mail users only. */
export function modifyUser(store: MailAccounts, params: ResellerClubParams): MailAnswer {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  const notificationText = required(params, "notification-email", mailError);
  const firstName = required(params, "first-name", mailError);
  const lastName = required(params, "last-name", mailError);
  const account = mailUser(store.account(orderId, emailText), "modified");
  account.notificationEmail = emailAddress("notification-email", notificationText, mailError);
  account.firstName = firstName;
  account.lastName = lastName;
  return SUCCESS;
}

/** `mail/user/change-password.json`: the old password must match; the new one follows add's rule. */
export function changePassword(store: MailAccounts, params: ResellerClubParams): MailAnswer {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  const oldPasswd = required(params, "old-passwd", mailError, false);
  const newPasswd = required(params, "new-passwd", mailError, false);
  const account = mailUser(store.account(orderId, emailText), "given a password");
  if (!sameSecret(oldPasswd, account.password)) throw mailError("Old password is incorrect"); // text assumed
  if (newPasswd.length < MIN_PASSWORD_LENGTH) {
    throw mailError(`new-passwd must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  account.password = newPasswd;
  return SUCCESS;
}
