/**
 * The mail accounts of every order (mailboxes and forward-only accounts alike): the record, the store
 * that finds one by order and address, the shapes the API and the admin state show it in, and the calls
 * that treat both kinds the same (get, delete, search). The calls that make or change one kind are in
 * mailboxes.ts and forwards.ts; all of them go through this store's checks.
 */

import { FREE_MAIL_NOT_ACTIVATED, MAIL_ERROR_CODES, type MailAnswer, apiError, mailError } from "./answers";
import {
  type ResellerClubParams,
  domainOf,
  emailAddress,
  forwardList,
  integer,
  many,
  one,
  required,
} from "./params";
import { MAIL_SEARCH_PAGE_SIZE, type ResellerClubOrder } from "./seed";

/**
 * The two kinds the sandbox makes. On the wire they are upper-case (`accountType`): a plain
 * `mail/user/add.json` makes `POP_WITHOUT_AUTORESPONDER` (Pitchero/ResellerClub
 * `tests/unit/Orders/EmailAccounts/EmailAccountTest.php`), a forward-only account `FORWARD_ONLY`.
 */
export const MAIL_ACCOUNT_TYPES = ["pop_without_autoresponder", "forward_only"] as const;
export type MailAccountType = (typeof MAIL_ACCOUNT_TYPES)[number];
/** The `account-types` filter values KB 1045 documents (and ours, the recorded type's own name). */
export const ACCOUNT_TYPE_FILTERS = [
  "pop_with_autoresponder",
  "pop_with_auto_responder",
  "pop_without_autoresponder",
  "forward_only",
] as const;

/** A mail user or forward-only account as the admin state shows it: never a password. */
export interface MailUserView {
  email: string;
  firstName: string;
  lastName: string;
  notificationEmail: string;
  countryCode: string;
  languageCode: string;
  accountType: MailAccountType;
  /** A forward-only account's targets (`adminForwards` on the wire). */
  forwards: string[];
  /** A mailbox's own forwards (`mail/user/add-user-forwards.json`). */
  userForwards: string[];
  status: "active";
}

/**
 * A mail account as the mail API answers it (`response.user`, `response.users[]`): the field names of the
 * recorded add answer (Pitchero/ResellerClub `EmailAccountTest.php`) and of the search records the WHMCS
 * module and the LogicBoxes Free Mail addon read (`emailAddress`, `accountType`, `adminForwards` as one
 * comma-separated text, `status`). Never a password.
 */
export interface MailUserRecordView {
  emailAddress: string;
  domainName: string;
  firstName?: string;
  lastName?: string;
  alternateEmailAddress?: string;
  countryCode?: string;
  languageCode?: string;
  accountType: "POP_WITHOUT_AUTORESPONDER" | "FORWARD_ONLY";
  adminForwards?: string;
  status: "ACTIVE";
  createdOn: string;
}

/** The answer of the calls that give one account: the two adds and `mail/user.json`. */
export type UserAnswer = MailAnswer<{ user: MailUserRecordView }>;

export interface MailAccountRecord {
  orderId: number;
  /** Lower-case. */
  email: string;
  accountType: MailAccountType;
  /** Empty for forward-only accounts, which have no mailbox to log in to. */
  password: string;
  notificationEmail: string;
  firstName: string;
  lastName: string;
  countryCode: string;
  languageCode: string;
  forwards: string[];
  userForwards: string[];
  createdOn: string;
}

/**
 * Every mail account by address, and the orders they may be on. One namespace across orders: an address
 * exists once. The checks every call shares are here, in the order the calls make them.
 */
export class MailAccounts {
  private accounts = new Map<string, MailAccountRecord>();
  /** Orders whose free email is not activated: every mail call on them is refused. */
  private mailNotActivated = new Set<number>();

  constructor(readonly orders: ReadonlyMap<number, ResellerClubOrder>) {}

  /** Every mail user and forward-only account goes; every order's free email is activated again. */
  reset(): void {
    this.accounts = new Map();
    this.mailNotActivated = new Set();
  }

  setFreeMailActivated(orderId: number, activated: boolean): void {
    if (!this.orders.has(orderId)) throw new Error(`Order ${orderId} does not exist.`);
    if (activated) this.mailNotActivated.delete(orderId);
    else this.mailNotActivated.add(orderId);
  }

  isMailActivated(orderId: number): boolean {
    return !this.mailNotActivated.has(orderId);
  }

  /** Every account, by address. */
  sorted(): MailAccountRecord[] {
    return [...this.accounts.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  /** The order a mail call names: it must exist, and its free email must be activated. */
  order(orderIdText: string): ResellerClubOrder {
    const id = integer("order-id", orderIdText, mailError);
    const order = this.orders.get(id);
    if (order === undefined) throw mailError(`Order ${id} does not exist.`);
    if (this.mailNotActivated.has(id)) throw apiError(FREE_MAIL_NOT_ACTIVATED);
    return order;
  }

  addressOnOrder(order: ResellerClubOrder, emailText: string): string {
    const email = emailAddress("email", emailText, mailError);
    if (domainOf(email) !== order.domain) {
      throw mailError(`email domain must match the order's domain ${order.domain}.`);
    }
    return email;
  }

  checkAvailable(email: string): void {
    if (this.accounts.has(email)) {
      throw mailError("Email address is already registered with us", MAIL_ERROR_CODES.taken);
    }
  }

  /** A forward back to the account itself would loop, so it is refused like an invalid address. */
  forwardsFor(email: string, forwardsText: string): string[] {
    const forwards = forwardList(forwardsText, mailError);
    if (forwards.includes(email)) throw mailError("forwards must not include the account's own address.");
    return forwards;
  }

  /** The account on that order; anything else, another order's account included, does not exist. */
  account(orderIdText: string, emailText: string): MailAccountRecord {
    const order = this.order(orderIdText);
    const email = emailText.trim().toLowerCase();
    const account = this.accounts.get(email);
    if (account === undefined || account.orderId !== order.orderId) {
      throw mailError(`Email address ${email} does not exist`, MAIL_ERROR_CODES.missing);
    }
    return account;
  }

  /** Stores a new account, created now, and answers as both add calls do: with its `user`. */
  add(fields: Omit<MailAccountRecord, "createdOn">): UserAnswer {
    const account: MailAccountRecord = { ...fields, createdOn: logicboxesTimestamp(new Date()) };
    this.accounts.set(account.email, account);
    return { response: { status: "SUCCESS", user: recordView(account) } };
  }

  delete(account: MailAccountRecord): void {
    this.accounts.delete(account.email);
  }
}

/**
 * `mail/user/delete.json`: mail users and forward-only accounts alike; the address is free again. The
 * answer's status word is `Success`, mixed case, for both (Pitchero/ResellerClub a477896:
 * `EmailAccountTest.php` and `EmailForwarderTest.php`, the delete mocks corrected to the live answer).
 */
export function deleteUser(store: MailAccounts, params: ResellerClubParams): MailAnswer {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  store.delete(store.account(orderId, emailText));
  return { response: { status: "Success" } };
}

/** `mail/user.json` (GET; WWW::LogicBoxes, the LogicBoxes Free Mail addon): one account's `user`. */
export function getUser(store: MailAccounts, params: ResellerClubParams): UserAnswer {
  const orderId = required(params, "order-id", mailError);
  const emailText = required(params, "email", mailError);
  return { response: { status: "SUCCESS", user: recordView(store.account(orderId, emailText)) } };
}

/**
 * `mail/users/search.json` (KB 1045): one order's accounts by address, `page-no` 1-based, 200 a page,
 * `{"response":{"status":"SUCCESS","users":[…]}}` with no total. No match (or a page past the end)
 * says `No Records found` (the text the WHMCS module tests) as a FAILURE (its status: assumed).
 */
export function searchUsers(
  store: MailAccounts,
  params: ResellerClubParams,
): MailAnswer<{ users: MailUserRecordView[] }> {
  const order = store.order(required(params, "order-id", mailError));
  const emailText = one(params, "email", mailError);
  const email = emailText === undefined ? undefined : emailText.toLowerCase();
  const types = many(params, "account-types");
  const unknownType = types.find((t) => !(ACCOUNT_TYPE_FILTERS as readonly string[]).includes(t));
  if (unknownType !== undefined) {
    throw mailError(`account-types must be ${ACCOUNT_TYPE_FILTERS.join(", ")}, not "${unknownType}".`);
  }
  // Every pop_* filter matches the mailboxes the sandbox makes (assumed: it has no autoresponders).
  const wanted = new Set(
    types.map((t) => (t === "forward_only" ? "forward_only" : "pop_without_autoresponder")),
  );
  const pageText = one(params, "page-no", mailError);
  const page = pageText === undefined ? 1 : integer("page-no", pageText, mailError, 1);

  const matches = store
    .sorted()
    .filter(
      (a) =>
        a.orderId === order.orderId &&
        (email === undefined || a.email === email) &&
        (wanted.size === 0 || wanted.has(a.accountType)),
    );
  const start = (page - 1) * MAIL_SEARCH_PAGE_SIZE;
  const users = matches.slice(start, start + MAIL_SEARCH_PAGE_SIZE).map(recordView);
  if (users.length === 0) throw mailError("No Records found", "");
  return { response: { status: "SUCCESS", users } };
}

/** LogicBoxes' `createdOn`: "2017-11-10 17:45:17.988 GMT" (the recorded add answer). */
function logicboxesTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23).replace("T", " ")} GMT`;
}

export function viewAccount(a: MailAccountRecord): MailUserView {
  return {
    email: a.email,
    firstName: a.firstName,
    lastName: a.lastName,
    notificationEmail: a.notificationEmail,
    countryCode: a.countryCode,
    languageCode: a.languageCode,
    accountType: a.accountType,
    forwards: [...a.forwards],
    userForwards: [...a.userForwards],
    status: "active",
  };
}

function recordView(a: MailAccountRecord): MailUserRecordView {
  const common = {
    emailAddress: a.email,
    domainName: domainOf(a.email),
    status: "ACTIVE" as const,
    createdOn: a.createdOn,
  };
  if (a.accountType === "forward_only") {
    return { ...common, accountType: "FORWARD_ONLY", adminForwards: a.forwards.join(",") };
  }
  return {
    ...common,
    firstName: a.firstName,
    lastName: a.lastName,
    alternateEmailAddress: a.notificationEmail,
    countryCode: a.countryCode,
    languageCode: a.languageCode,
    accountType: "POP_WITHOUT_AUTORESPONDER",
  };
}
