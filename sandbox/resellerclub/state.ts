import { createHash, timingSafeEqual } from "node:crypto";

import { HttpError } from "../core/http";
import { ISO_3166_1_ALPHA_2_CODES, ISO_639_1_CODES } from "../core/iso-codes";
import {
  type CustomerTransaction,
  MAIL_SEARCH_PAGE_SIZE,
  RESELLER_PRICE_SAMPLE,
  type ResellerClubCustomer,
  type ResellerClubOrder,
  SEED_ARCHIVED_TRANSACTIONS,
  SEED_CUSTOMERS,
  SEED_TRANSACTIONS,
  TRANSACTION_TYPES,
} from "./seed";

export type { CustomerTransaction, ResellerClubCustomer, ResellerClubOrder } from "./seed";

/**
 * Request parameters by name, every value as sent (query string and form body merged by the router).
 * LogicBoxes takes arrays as repeated parameters, so every name maps to a list.
 */
export type ResellerClubParams = Readonly<Record<string, readonly string[]>>;

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

/** The recorded failure codes (Pitchero/ResellerClub tests) and ours, marked. */
export const MAIL_ERROR_CODES = {
  /** Recorded: "Email address is already registered with us". */
  taken: "emailaddress_unique_key_voilation",
  /** Recorded: "Email address X does not exist". */
  missing: "emailaddress_does_not_exist",
  /** Assumption: every other refusal. */
  invalid: "invalid_parameter",
} as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MIN_NO_OF_RECORDS = 10;
export const MAX_NO_OF_RECORDS = 500;

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

/**
 * LogicBoxes' mail answers: everything inside `response`. The status word is `SUCCESS`, but `Success` for
 * a delete (Pitchero/ResellerClub a477896, both delete mocks).
 */
export interface MailAnswer<T extends object = object> {
  response: { status: "SUCCESS" | "Success" } & T;
}

/** LogicBoxes' search envelope: counts as strings, then the records keyed "1", "2", ... in page order. */
export type TransactionSearchResult = { recsonpage: string; recsindb: string } & Record<
  string,
  string | CustomerTransaction
>;

export interface ResellerClubSnapshot {
  authUserId: string;
  /** `mailActivated`: false after `setFreeMailActivated(orderId, false)`. */
  orders: (ResellerClubOrder & { mailActivated: boolean })[];
  users: (MailUserView & { orderId: number })[];
  forwardOnlyAccounts: (MailUserView & { orderId: number })[];
  customers: ResellerClubCustomer[];
  transactions: number;
  archivedTransactions: number;
}

export interface ResellerClubStateOptions {
  /** The reseller id; the docs type it Integer. */
  authUserId: string;
  apiKey: string;
  orders: readonly ResellerClubOrder[];
}

interface MailAccountRecord {
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

type Fail = (message: string) => HttpError;

/**
 * Mail failures arrive with HTTP 200 as `{"response":{"status":"FAILURE","message","errorCode"}}`
 * (Pitchero/ResellerClub's recorded delete and add failures; its DeletedResponse reads them from a
 * successful HTTP answer), so a client that only checks the status misses them. The router renders an
 * HttpError of status 200 so, its `code` as `errorCode`.
 */
const mailError = (message: string, errorCode: string = MAIL_ERROR_CODES.invalid): HttpError =>
  new HttpError(200, errorCode, message);
const SUCCESS = { response: { status: "SUCCESS" as const } };
/** customers/* and billing/* errors arrive with HTTP 500. */
const apiError: Fail = (message) => new HttpError(500, "Error", message);

/**
 * LogicBoxes' answer to a mail call on an order whose free email is not activated, word for word as the
 * LogicBoxes Free Mail addon compares it (tunnel-conflux/mail-host-box `mailhostbox.php`, `mailhostbox.tpl`),
 * which reads it as a top-level `message` (not inside `response`). Its status word and HTTP status are not
 * recorded: the sandbox answers it as its other platform errors, `{"status":"ERROR"}` with HTTP 500.
 */
export const FREE_MAIL_NOT_ACTIVATED =
  "You need to activate your FREE Email Services before you can perform this action";

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST_PATTERN = new RegExp(`^(?:${LABEL}\\.)+[a-z]{2,63}$`, "i");
const EMAIL_PATTERN = new RegExp(`^[^\\s@,;]{1,64}@(?:${LABEL}\\.)+[a-z]{2,63}$`, "i");
const ID_PATTERN = /^\d{1,15}$/;

/** Compares digests so that neither the length nor the content of a guess leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Parses `ORDER_ID:DOMAIN` (the `--resellerclub-order` flag). Throws an Error naming what is wrong, for
 * the CLI to turn into a usage error.
 */
export function parseResellerClubOrder(text: string): ResellerClubOrder {
  const match = /^(\d{1,15}):(.+)$/.exec(text.trim());
  if (match === null) throw new Error(`"${text}" is not ORDER_ID:DOMAIN (for example 0:domainname.com).`);
  const domain = match[2].trim().toLowerCase();
  if (!HOST_PATTERN.test(domain)) throw new Error(`"${match[2]}" is not a domain name.`);
  return { orderId: Number(match[1]), domain };
}

/** A parameter given at most once; blank counts as absent. Secrets are returned untrimmed. */
function one(params: ResellerClubParams, name: string, fail: Fail, trim = true): string | undefined {
  const values = params[name];
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw fail(`${name} must be given once.`);
  const value = trim ? values[0].trim() : values[0];
  return value.trim() === "" ? undefined : value;
}

function required(params: ResellerClubParams, name: string, fail: Fail, trim = true): string {
  const value = one(params, name, fail, trim);
  if (value === undefined) throw fail(`${name} is required.`);
  return value;
}

/** Every value of a repeatable parameter; comma-separated values are split too. */
function many(params: ResellerClubParams, name: string): string[] {
  return (params[name] ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function integer(name: string, value: string, fail: Fail, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!ID_PATTERN.test(value) || n < min || n > max) {
    throw fail(
      max === Number.MAX_SAFE_INTEGER
        ? `${name} must be an integer >= ${min}.`
        : `${name} must be an integer from ${min} to ${max}.`,
    );
  }
  return n;
}

function emailAddress(name: string, value: string, fail: Fail): string {
  if (!EMAIL_PATTERN.test(value)) throw fail(`${name} is not a valid email address.`);
  return value.toLowerCase();
}

/** Comma-separated addresses, lower-cased, duplicates collapsed in first-seen order. */
function forwardList(value: string, fail: Fail): string[] {
  const parts = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (parts.length === 0) throw fail("forwards must list at least one email address.");
  const bad = parts.find((p) => !EMAIL_PATTERN.test(p));
  if (bad !== undefined) throw fail(`forwards: "${bad}" is not a valid email address.`);
  return [...new Set(parts.map((p) => p.toLowerCase()))];
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

function checkOptions(options: ResellerClubStateOptions): void {
  if (!ID_PATTERN.test(options.authUserId)) throw new Error("authUserId must be an integer (digits only).");
  if (options.apiKey === "") throw new Error("apiKey must not be empty.");
  const seen = new Set<number>();
  for (const order of options.orders) {
    if (!Number.isSafeInteger(order.orderId) || order.orderId < 0) {
      throw new Error(`order id ${order.orderId} must be an integer >= 0.`);
    }
    if (!HOST_PATTERN.test(order.domain)) throw new Error(`order ${order.orderId}: not a domain name.`);
    if (seen.has(order.orderId)) throw new Error(`order id ${order.orderId} is given twice.`);
    seen.add(order.orderId);
  }
}

/**
 * The reseller account behind the sandbox's ResellerClub API. Every rule the API enforces lives here, so
 * that tests which set state up in-process go through the same checks as HTTP clients. Parameters arrive
 * as sent; validation, and the HTTP status of each failure, are decided here.
 */
export class ResellerClubState {
  readonly authUserId: string;
  private readonly apiKey: string;
  private readonly orders: ReadonlyMap<number, ResellerClubOrder>;
  private readonly transactions: readonly CustomerTransaction[] = SEED_TRANSACTIONS;
  private readonly archivedTransactions: readonly CustomerTransaction[] = SEED_ARCHIVED_TRANSACTIONS;
  /** Lower-case address → account. One namespace across orders: an address exists once. */
  private accounts = new Map<string, MailAccountRecord>();
  /** Orders whose free email is not activated: every mail call on them is refused. */
  private mailNotActivated = new Set<number>();

  constructor(options: ResellerClubStateOptions) {
    checkOptions(options);
    this.authUserId = options.authUserId;
    this.apiKey = options.apiKey;
    this.orders = new Map(options.orders.map((o) => [o.orderId, { ...o, domain: o.domain.toLowerCase() }]));
    this.reset();
  }

  /**
   * Back to the seed: the orders and customers stay, every mail user and forward-only account goes, and
   * every order's free email is activated again.
   */
  reset(): void {
    this.accounts = new Map();
    this.mailNotActivated = new Set();
  }

  /**
   * Marks an order's free email as activated or not (test setup: LogicBoxes' `mail/activate.json`, which
   * the LogicBoxes Free Mail addon calls, is not served). While it is not, every `mail/*` call naming the
   * order answers {@link FREE_MAIL_NOT_ACTIVATED}. Throws on an unknown order.
   */
  setFreeMailActivated(orderId: number, activated: boolean): void {
    if (!this.orders.has(orderId)) throw new Error(`Order ${orderId} does not exist.`);
    if (activated) this.mailNotActivated.delete(orderId);
    else this.mailNotActivated.add(orderId);
  }

  // ---- Auth ------------------------------------------------------------------------------------------

  /** 403 unless `auth-userid` and `api-key` match. The message never repeats what was sent. */
  authenticate(params: ResellerClubParams): void {
    const forbidden: Fail = (message) => new HttpError(403, "Forbidden", message);
    const userId = one(params, "auth-userid", forbidden);
    const key = one(params, "api-key", forbidden, false);
    if (userId === undefined || key === undefined) {
      throw forbidden("Authentication failed: auth-userid and api-key are required.");
    }
    const ok = sameSecret(userId, this.authUserId) && sameSecret(key, this.apiKey);
    if (!ok) throw forbidden("Authentication failed: invalid auth-userid or api-key.");
  }

  // ---- Mail ------------------------------------------------------------------------------------------

  /**
   * `mail/user/add.json`. Checks: every parameter present (docs order), the order, the address and its
   * domain, the password length, the notification address, the country and language codes, and last
   * whether the address is taken. Nothing is stored on failure.
   */
  addUser(params: ResellerClubParams): MailAnswer<{ user: MailUserRecordView }> {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const passwd = required(params, "passwd", mailError, false);
    const notificationText = required(params, "notification-email", mailError);
    const firstName = required(params, "first-name", mailError);
    const lastName = required(params, "last-name", mailError);
    const countryText = required(params, "country-code", mailError);
    const languageText = required(params, "language-code", mailError);

    const order = this.order(orderId);
    const email = this.addressOnOrder(order, emailText);
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
    this.checkAvailable(email);

    const account: MailAccountRecord = {
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
      createdOn: logicboxesTimestamp(new Date()),
    };
    this.accounts.set(email, account);
    return { response: { status: "SUCCESS", user: recordView(account) } };
  }

  /** `mail/user/add-forward-only-account.json`: the same order, domain and availability checks. */
  addForwardOnlyAccount(params: ResellerClubParams): MailAnswer<{ user: MailUserRecordView }> {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const forwardsText = required(params, "forwards", mailError);
    const order = this.order(orderId);
    const email = this.addressOnOrder(order, emailText);
    const forwards = this.forwardsFor(email, forwardsText);
    this.checkAvailable(email);

    const account: MailAccountRecord = {
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
      createdOn: logicboxesTimestamp(new Date()),
    };
    this.accounts.set(email, account);
    // Assumed: the docs say it "returns the details of a forward only account addition"; the one
    // recorded answer (Pitchero) shows only the status, which this keeps.
    return { response: { status: "SUCCESS", user: recordView(account) } };
  }

  /** `mail/user/modify.json`: all four fields replace the stored ones; mail users only. */
  modifyUser(params: ResellerClubParams): MailAnswer {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const notificationText = required(params, "notification-email", mailError);
    const firstName = required(params, "first-name", mailError);
    const lastName = required(params, "last-name", mailError);
    const account = this.mailUser(this.account(orderId, emailText), "modified");
    account.notificationEmail = emailAddress("notification-email", notificationText, mailError);
    account.firstName = firstName;
    account.lastName = lastName;
    return SUCCESS;
  }

  /** `mail/user/change-password.json`: the old password must match; the new one follows add's rule. */
  changePassword(params: ResellerClubParams): MailAnswer {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const oldPasswd = required(params, "old-passwd", mailError, false);
    const newPasswd = required(params, "new-passwd", mailError, false);
    const account = this.mailUser(this.account(orderId, emailText), "given a password");
    if (!sameSecret(oldPasswd, account.password)) throw mailError("Old password is incorrect"); // text assumed
    if (newPasswd.length < MIN_PASSWORD_LENGTH) {
      throw mailError(`new-passwd must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
    }
    account.password = newPasswd;
    return SUCCESS;
  }

  /**
   * `mail/user/add-admin-forwards.json` (a forward-only account's targets, `adminForwards`; the WHMCS
   * ResellerClub module's `resellerclub_SaveEmailForwarding`) and `mail/user/add-user-forwards.json` (a
   * mailbox's own forwards, KB 1053): adds to the list; forwards already there are kept once.
   */
  addForwards(params: ResellerClubParams, list: "admin" | "user"): MailAnswer {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const forwardsText = required(params, "forwards", mailError);
    const account = this.account(orderId, emailText);
    const forwards = this.forwardsFor(account.email, forwardsText);
    const key = list === "admin" ? "forwards" : "userForwards";
    account[key] = [...new Set([...account[key], ...forwards])];
    return SUCCESS;
  }

  /**
   * `mail/user/delete-admin-forwards.json` and `delete-user-forwards.json`: every address named must be
   * a current forward (checked before anything changes); a forward-only account keeps at least one target.
   */
  deleteForwards(params: ResellerClubParams, list: "admin" | "user"): MailAnswer {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const forwardsText = required(params, "forwards", mailError);
    const account = this.account(orderId, emailText);
    const key = list === "admin" ? "forwards" : "userForwards";
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

  /**
   * `mail/user/delete.json`: mail users and forward-only accounts alike; the address is free again. The
   * answer's status word is `Success`, mixed case, for both (Pitchero/ResellerClub a477896:
   * `EmailAccountTest.php` and `EmailForwarderTest.php`, the delete mocks corrected to the live answer).
   */
  deleteUser(params: ResellerClubParams): MailAnswer {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    const account = this.account(orderId, emailText);
    this.accounts.delete(account.email);
    return { response: { status: "Success" } };
  }

  /** `mail/user.json` (GET; WWW::LogicBoxes, the LogicBoxes Free Mail addon): one account's `user`. */
  getUser(params: ResellerClubParams): MailAnswer<{ user: MailUserRecordView }> {
    const orderId = required(params, "order-id", mailError);
    const emailText = required(params, "email", mailError);
    return { response: { status: "SUCCESS", user: recordView(this.account(orderId, emailText)) } };
  }

  /**
   * `mail/users/search.json` (KB 1045): one order's accounts by address, `page-no` 1-based, 200 a page,
   * `{"response":{"status":"SUCCESS","users":[…]}}` with no total. No match (or a page past the end)
   * says `No Records found` (the text the WHMCS module tests) as a FAILURE (its status: assumed).
   */
  searchUsers(params: ResellerClubParams): MailAnswer<{ users: MailUserRecordView[] }> {
    const order = this.order(required(params, "order-id", mailError));
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

    const matches = [...this.accounts.values()]
      .filter(
        (a) =>
          a.orderId === order.orderId &&
          (email === undefined || a.email === email) &&
          (wanted.size === 0 || wanted.has(a.accountType)),
      )
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    const start = (page - 1) * MAIL_SEARCH_PAGE_SIZE;
    const users = matches.slice(start, start + MAIL_SEARCH_PAGE_SIZE).map(recordView);
    if (users.length === 0) throw mailError("No Records found", "");
    return { response: { status: "SUCCESS", users } };
  }

  // ---- Customers and billing -------------------------------------------------------------------------

  customerDetails(params: ResellerClubParams): ResellerClubCustomer {
    const id = integer("customer-id", required(params, "customer-id", apiError), apiError);
    const customer = this.customers().find((c) => c.customerid === String(id));
    if (customer === undefined) throw apiError(`Customer ${id} does not exist.`);
    return customer;
  }

  /** The docs' example, as a JSON text: re-serialising it would turn `0.0` into `0`. */
  resellerPrice(): string {
    return RESELLER_PRICE_SAMPLE;
  }

  /**
   * `billing/customer-transactions/search.json` and its archived twin. `no-of-records` (10-500) and
   * `page-no` (from 1) are required; `customer-id` and `transaction-type` filter (repeatable, any of).
   * Records are ordered by transaction id.
   */
  searchTransactions(params: ResellerClubParams, archived: boolean): TransactionSearchResult {
    const size = integer(
      "no-of-records",
      required(params, "no-of-records", apiError),
      apiError,
      MIN_NO_OF_RECORDS,
      MAX_NO_OF_RECORDS,
    );
    const page = integer("page-no", required(params, "page-no", apiError), apiError, 1);
    const customerIds = many(params, "customer-id").map((c) => String(integer("customer-id", c, apiError)));
    const types = many(params, "transaction-type");
    const unknownType = types.find((t) => !(TRANSACTION_TYPES as readonly string[]).includes(t));
    if (unknownType !== undefined) {
      throw apiError(
        `transaction-type must be one of ${TRANSACTION_TYPES.join(", ")}, not "${unknownType}".`,
      );
    }

    const source = archived ? this.archivedTransactions : this.transactions;
    const matches = source
      .filter(
        (t) =>
          (customerIds.length === 0 || customerIds.includes(t["customer_transaction.customerid"])) &&
          (types.length === 0 || types.includes(t["customer_transaction.type"])),
      )
      .sort((a, b) => Number(a["customer_transaction.transid"]) - Number(b["customer_transaction.transid"]));
    const onPage = matches.slice((page - 1) * size, page * size);
    const result: TransactionSearchResult = {
      recsonpage: String(onPage.length),
      recsindb: String(matches.length),
    };
    onPage.forEach((t, i) => {
      result[String(i + 1)] = { ...t };
    });
    return result;
  }

  snapshot(): ResellerClubSnapshot {
    const all = [...this.accounts.values()]
      .sort((a, b) => (a.email < b.email ? -1 : 1))
      .map((a) => ({ orderId: a.orderId, ...viewAccount(a) }));
    return {
      authUserId: this.authUserId,
      orders: [...this.orders.values()].map((o) => ({
        ...o,
        mailActivated: !this.mailNotActivated.has(o.orderId),
      })),
      users: all.filter((a) => a.accountType === "pop_without_autoresponder"),
      forwardOnlyAccounts: all.filter((a) => a.accountType === "forward_only"),
      customers: this.customers(),
      transactions: this.transactions.length,
      archivedTransactions: this.archivedTransactions.length,
    };
  }

  /** The ledger: every mail account (billable), by order. */
  ledger(): { mailboxes: { orderId: number; email: string; accountType: string; forwards: string[] }[] } {
    return {
      mailboxes: [...this.accounts.values()]
        .sort((a, b) => (a.email < b.email ? -1 : 1))
        .map((a) => ({
          orderId: a.orderId,
          email: a.email,
          accountType: a.accountType,
          forwards: [...a.forwards],
        })),
    };
  }

  // ---- internals -------------------------------------------------------------------------------------

  /** The order a mail call names: it must exist, and its free email must be activated. */
  private order(orderIdText: string): ResellerClubOrder {
    const id = integer("order-id", orderIdText, mailError);
    const order = this.orders.get(id);
    if (order === undefined) throw mailError(`Order ${id} does not exist.`);
    if (this.mailNotActivated.has(id)) throw apiError(FREE_MAIL_NOT_ACTIVATED);
    return order;
  }

  private addressOnOrder(order: ResellerClubOrder, emailText: string): string {
    const email = emailAddress("email", emailText, mailError);
    if (domainOf(email) !== order.domain) {
      throw mailError(`email domain must match the order's domain ${order.domain}.`);
    }
    return email;
  }

  private checkAvailable(email: string): void {
    if (this.accounts.has(email)) {
      throw mailError("Email address is already registered with us", MAIL_ERROR_CODES.taken);
    }
  }

  /** A forward back to the account itself would loop, so it is refused like an invalid address. */
  private forwardsFor(email: string, forwardsText: string): string[] {
    const forwards = forwardList(forwardsText, mailError);
    if (forwards.includes(email)) throw mailError("forwards must not include the account's own address.");
    return forwards;
  }

  /** The account on that order; anything else, another order's account included, does not exist. */
  private account(orderIdText: string, emailText: string): MailAccountRecord {
    const order = this.order(orderIdText);
    const email = emailText.trim().toLowerCase();
    const account = this.accounts.get(email);
    if (account === undefined || account.orderId !== order.orderId) {
      throw mailError(`Email address ${email} does not exist`, MAIL_ERROR_CODES.missing);
    }
    return account;
  }

  private mailUser(account: MailAccountRecord, what: string): MailAccountRecord {
    if (account.accountType !== "pop_without_autoresponder") {
      throw mailError(`${account.email} is a forward-only account and cannot be ${what}.`);
    }
    return account;
  }

  /** Seed customers with the reseller filled in and receipts summed from the live transactions. */
  private customers(): ResellerClubCustomer[] {
    return SEED_CUSTOMERS.map((c) => {
      const receipts = this.transactions
        .filter(
          (t) =>
            t["customer_transaction.customerid"] === c.customerid &&
            t["customer_transaction.type"] === "receipt",
        )
        .reduce((sum, t) => sum + Number(t["customer_transaction.sellingamount"]), 0);
      // Spelled out so the keys come in the docs' order (resellerid third, totalreceipts last).
      const { customerid, username, ...rest } = c;
      return {
        customerid,
        username,
        resellerid: this.authUserId,
        ...rest,
        totalreceipts: receipts.toFixed(2),
      };
    });
  }
}

function viewAccount(a: MailAccountRecord): MailUserView {
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

/** LogicBoxes' `createdOn`: "2017-11-10 17:45:17.988 GMT" (the recorded add answer). */
function logicboxesTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23).replace("T", " ")} GMT`;
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
