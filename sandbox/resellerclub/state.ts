import { HttpError } from "../core/http";
import {
  MailAccounts,
  type MailUserRecordView,
  type MailUserView,
  type UserAnswer,
  viewAccount,
} from "./accounts";
import * as accounts from "./accounts";
import type { MailAnswer } from "./answers";
import * as billing from "./billing";
import * as forwards from "./forwards";
import * as mailboxes from "./mailboxes";
import { type Fail, HOST_PATTERN, ID_PATTERN, type ResellerClubParams, one, sameSecret } from "./params";
import {
  type CustomerTransaction,
  RESELLER_PRICE_SAMPLE,
  type ResellerClubCustomer,
  type ResellerClubOrder,
  SEED_ARCHIVED_TRANSACTIONS,
  SEED_TRANSACTIONS,
} from "./seed";

export type { CustomerTransaction, ResellerClubCustomer, ResellerClubOrder } from "./seed";

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
 * The reseller account behind the sandbox's ResellerClub API. Every rule the API enforces is reached
 * through here, so that tests which set state up in-process go through the same checks as HTTP clients.
 * Parameters arrive as sent; validation, and the HTTP status of each failure, are decided by the module
 * of each subject: accounts.ts (the mail accounts and the calls on either kind), mailboxes.ts,
 * forwards.ts, billing.ts; params.ts and answers.ts are what they share.
 */
export class ResellerClubState {
  readonly authUserId: string;
  private readonly apiKey: string;
  private readonly transactions: readonly CustomerTransaction[] = SEED_TRANSACTIONS;
  private readonly archivedTransactions: readonly CustomerTransaction[] = SEED_ARCHIVED_TRANSACTIONS;
  private readonly mail: MailAccounts;

  constructor(options: ResellerClubStateOptions) {
    checkOptions(options);
    this.authUserId = options.authUserId;
    this.apiKey = options.apiKey;
    this.mail = new MailAccounts(
      new Map(options.orders.map((o) => [o.orderId, { ...o, domain: o.domain.toLowerCase() }])),
    );
    this.reset();
  }

  /**
   * Back to the seed: the orders and customers stay, every mail user and forward-only account goes, and
   * every order's free email is activated again.
   */
  reset(): void {
    this.mail.reset();
  }

  /**
   * Marks an order's free email as activated or not (test setup: LogicBoxes' `mail/activate.json`, which
   * the LogicBoxes Free Mail addon calls, is not served). While it is not, every `mail/*` call naming the
   * order answers FREE_MAIL_NOT_ACTIVATED. Throws on an unknown order.
   */
  setFreeMailActivated(orderId: number, activated: boolean): void {
    this.mail.setFreeMailActivated(orderId, activated);
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

  addUser(params: ResellerClubParams): UserAnswer {
    return mailboxes.addUser(this.mail, params);
  }

  addForwardOnlyAccount(params: ResellerClubParams): UserAnswer {
    return forwards.addForwardOnlyAccount(this.mail, params);
  }

  modifyUser(params: ResellerClubParams): MailAnswer {
    return mailboxes.modifyUser(this.mail, params);
  }

  changePassword(params: ResellerClubParams): MailAnswer {
    return mailboxes.changePassword(this.mail, params);
  }

  /** `list`: "admin" for a forward-only account's targets, "user" for a mailbox's own forwards. */
  addForwards(params: ResellerClubParams, list: "admin" | "user"): MailAnswer {
    return forwards.addForwards(this.mail, params, list);
  }

  deleteForwards(params: ResellerClubParams, list: "admin" | "user"): MailAnswer {
    return forwards.deleteForwards(this.mail, params, list);
  }

  deleteUser(params: ResellerClubParams): MailAnswer {
    return accounts.deleteUser(this.mail, params);
  }

  getUser(params: ResellerClubParams): UserAnswer {
    return accounts.getUser(this.mail, params);
  }

  searchUsers(params: ResellerClubParams): MailAnswer<{ users: MailUserRecordView[] }> {
    return accounts.searchUsers(this.mail, params);
  }

  // ---- Customers and billing -------------------------------------------------------------------------

  customerDetails(params: ResellerClubParams): ResellerClubCustomer {
    return billing.customerDetails(params, this.customers());
  }

  /** The docs' example, as a JSON text: re-serialising it would turn `0.0` into `0`. */
  resellerPrice(): string {
    return RESELLER_PRICE_SAMPLE;
  }

  searchTransactions(params: ResellerClubParams, archived: boolean): billing.TransactionSearchResult {
    return billing.searchTransactions(params, archived ? this.archivedTransactions : this.transactions);
  }

  // ---- Admin -----------------------------------------------------------------------------------------

  snapshot(): ResellerClubSnapshot {
    const all = this.mail.sorted().map((a) => ({ orderId: a.orderId, ...viewAccount(a) }));
    return {
      authUserId: this.authUserId,
      orders: [...this.mail.orders.values()].map((o) => ({
        ...o,
        mailActivated: this.mail.isMailActivated(o.orderId),
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
      mailboxes: this.mail.sorted().map((a) => ({
        orderId: a.orderId,
        email: a.email,
        accountType: a.accountType,
        forwards: [...a.forwards],
      })),
    };
  }

  private customers(): ResellerClubCustomer[] {
    return billing.customers(this.authUserId, this.transactions);
  }
}
