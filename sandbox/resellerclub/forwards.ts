/**
 * Forwarding: forward-only accounts (`FORWARD_ONLY`, targets in `adminForwards`) and the two forward
 * lists an account can carry (a forward-only account's targets, a mailbox's own `userForwards`). The
 * rules on lists (no loop back to the account, a forward-only account keeps one target) live here.
 */

import type { MailAccountRecord, MailAccounts, UserAnswer } from "./accounts";
import { type MailAnswer, SUCCESS, mailError } from "./answers";
import { type ResellerClubParams, forwardList, required } from "./params";

/** The parameters each list call takes (`order-id`, `email`, `forwards`), all checked before the account. */
function listCall(
  store: MailAccounts,
  params: ResellerClubParams,
  list: "admin" | "user",
): { account: MailAccountRecord; forwardsText: string; key: "forwards" | "userForwards" } {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  const forwardsText = required(params, "forwards", mailError);
  const account = store.account(orderId, emailText);
  return { account, forwardsText, key: list === "admin" ? "forwards" : "userForwards" };
}

/** `mail/user/add-forward-only-account.json`: the same order, domain and availability checks. */
export function addForwardOnlyAccount(store: MailAccounts, params: ResellerClubParams): UserAnswer {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  const forwardsText = required(params, "forwards", mailError);
  const order = store.order(orderId);
  const email = store.addressOnOrder(order, emailText);
  const forwards = store.forwardsFor(email, forwardsText);
  store.checkAvailable(email);

  // Assumed: the docs say it "returns the details of a forward only account addition"; the one
  // recorded answer (Pitchero) shows only the status, which this keeps.
  return store.add({
    orderId: order.orderId,
    email,
    accountType: "forward_only",
    password: "",
    notificationEmail: "",
    firstName: "",
    lastName: "",
    countryCode: "",
    languageCode: "",
    forwards,
    userForwards: [],
  });
}

/**
 * `mail/user/add-admin-forwards.json` (a forward-only account's targets, `adminForwards`; the WHMCS
 * ResellerClub module's `resellerclub_SaveEmailForwarding`) and `mail/user/add-user-forwards.json` (a
 * mailbox's own forwards, KB 1053): adds to the list; forwards already there are kept once.
 */
export function addForwards(
  store: MailAccounts,
  params: ResellerClubParams,
  list: "admin" | "user",
): MailAnswer {
  const { account, forwardsText, key } = listCall(store, params, list);
  const forwards = store.forwardsFor(account.email, forwardsText);
  account[key] = [...new Set([...account[key], ...forwards])];
  return SUCCESS;
}

/**
 * `mail/user/delete-admin-forwards.json` and `delete-user-forwards.json`: every address named must be
 * a current forward (checked before anything changes); a forward-only account keeps at least one target.
 */
export function deleteForwards(
  store: MailAccounts,
  params: ResellerClubParams,
  list: "admin" | "user",
): MailAnswer {
  const { account, forwardsText, key } = listCall(store, params, list);
  const doomed = forwardList(forwardsText, mailError);
  const missing = doomed.find((f) => !account[key].includes(f));
  if (missing !== undefined) throw mailError(`${missing} is not a forward of ${account.email}.`);
  const remaining = account[key].filter((f) => !doomed.includes(f));
  if (key === "forwards" && account.accountType === "forward_only" && remaining.length === 0) {
    throw mailError("A forward-only account must keep at least one forward.");
  }
  account[key] = remaining;
  return SUCCESS;
}
