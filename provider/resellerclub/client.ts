/**
 * The ResellerClub / LogicBoxes HTTP API client: one short method per call, everything else in
 * provider/core's request layer. Authentication is `auth-userid` and `api-key` request parameters, so
 * the key travels in URLs: it is registered for redaction and no URL is ever put in a message.
 *
 * The mail calls answer inside `response`: `{"response":{"status":"SUCCESS","user":{…}}}`,
 * `{"response":{"status":"FAILURE","message","errorCode"}}` (HTTP 200), and the search
 * `{"response":{"status":"SUCCESS","users":[…]}}`, as recorded in Pitchero/ResellerClub's tests and read by
 * the WHMCS ResellerClub module and the LogicBoxes Free Mail addon; platform errors are the top-level
 * `{"status":"ERROR","message"}`. Which source each call follows: "Sources" in sandbox/README.md.
 */
import { z } from "zod";

import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/transport/config";
import { VendorError, VendorNotFoundError } from "../core/transport/errors";
import { VendorFault, VendorHttpClient, VendorRequest } from "../core/transport/http";
import { Page, paginate } from "../core/transport/paginate";
import { registerSecret } from "../core/transport/redact";

/** The config keys of ResellerClub. */
export const resellerclubSettings = [
  {
    key: "resellerclubApiUrl",
    description: "ResellerClub HTTP API base URL, e.g. https://test.httpapi.com/api",
  },
  { key: "resellerclubAuthUserId", description: "reseller id (auth-userid)" },
  { key: "resellerclubApiKey", description: "API key (api-key)", secret: true },
] as const satisfies readonly SettingSpec[];

const platformError = z.object({ status: z.string().optional(), message: z.string().optional() }).loose();
const mailResult = z
  .object({
    response: z
      .object({
        status: z.string().optional(),
        message: z.string().optional(),
        errorCode: z.coerce.string().optional(),
      })
      .loose(),
  })
  .loose();

/** An empty search: `response.message` "No Records found" (the text the WHMCS ResellerClub module tests). */
const NO_RECORDS = /no records? found/i;

/**
 * What LogicBoxes answers, top-level, to a mail call on an order whose free email is not activated: "You
 * need to activate your FREE Email Services before you can perform this action" (the LogicBoxes Free Mail
 * addon, tunnel-conflux/mail-host-box `modules/addons/mailhostbox/mailhostbox.php`, compares this text
 * after `mail/users/search.json` and then calls `mail/activate.json`).
 */
const FREE_MAIL_NOT_ACTIVATED = /activate your free email services/i;

/**
 * Reads both of LogicBoxes' failure shapes, which also arrive with HTTP 200: the mail backend's
 * `{"response":{"status":"FAILURE","message","errorCode"}}` and the platform's `{"status":"ERROR","message"}`.
 * Status words are compared case-insensitively (recorded answers say both SUCCESS and Success). An address
 * that does not exist (`emailaddress_does_not_exist`) and an empty search are "not found". A top-level
 * `message` with no status word and no `response` is a platform error too (the LogicBoxes Free Mail addon
 * reads only the message). An order whose free email is not activated is a refusal whatever the HTTP
 * status: not "not found", not a busy vendor, and nothing was applied.
 */
export function readResellerclubFault(status: number, body: unknown): VendorFault | undefined {
  const wrapped = mailResult.safeParse(body);
  if (wrapped.success && wrapped.data.response.status !== undefined) {
    const { status: word = "", message, errorCode } = wrapped.data.response;
    const failed = word.toUpperCase() !== "SUCCESS";
    if (!failed && status < 400) return undefined;
    return {
      code: errorCode ?? (failed ? word.toUpperCase() : undefined),
      message,
      failed,
      notFound:
        errorCode === "emailaddress_does_not_exist" ||
        NO_RECORDS.test(message ?? "") ||
        /^email address \S+ does not exist/i.test(message ?? ""),
    };
  }
  const parsed = platformError.safeParse(body);
  const isError =
    parsed.success &&
    (parsed.data.status === undefined
      ? typeof parsed.data.message === "string" && parsed.data.response === undefined
      : parsed.data.status.toUpperCase() === "ERROR");
  if (!isError && status < 400) return undefined;
  const message = parsed.success
    ? parsed.data.message
    : typeof body === "string"
      ? body.slice(0, 300)
      : undefined;
  return {
    code: isError ? "ERROR" : undefined,
    message,
    failed: isError,
    // A customer that does not exist ("Invalid customer-id", WWW::LogicBoxes); never an order.
    notFound:
      /does not exist|no such|invalid customer-id/i.test(message ?? "") && !/\border\b/i.test(message ?? ""),
    ...(FREE_MAIL_NOT_ACTIVATED.test(message ?? "") ? { refused: true } : {}),
  };
}

/** The advice for a mail call on an order whose free email is not activated, naming the order. */
function freeMailHint(orderId: string): VendorRequest["hint"] {
  return (fault) =>
    FREE_MAIL_NOT_ACTIVATED.test(fault.message ?? "")
      ? `The free email service of order ${orderId} is not activated: activate it (the control panel, or ` +
        "LogicBoxes' `mail/activate.json` with the order id), then run `pulumi up` again"
      : undefined;
}

/** True for the errorCode and texts of "this address is taken" (recorded, and the older wording). */
export function isAddressTaken(err: unknown): boolean {
  return (
    err instanceof VendorError &&
    (err.vendorCode === "emailaddress_unique_key_voilation" ||
      /already registered|already exists/i.test(err.vendorMessage ?? ""))
  );
}

// One account as `response.user` / `response.users[]` carry it. Only the address is needed; every
// other field is optional and unknown ones are ignored.
const userRecord = z
  .object({
    emailAddress: z.string(),
    accountType: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    alternateEmailAddress: z.string().optional(),
    countryCode: z.string().optional(),
    languageCode: z.string().optional(),
    adminForwards: z.string().optional(),
    status: z.string().optional(),
  })
  .loose();

/** A mail user or forward-only account as ResellerClub reports it, normalised (never a password). */
export interface MailUserRecord {
  /** Lower-case. */
  email: string;
  /** The vendor's type, lower-case: `pop_without_autoresponder`, `pop_with_autoresponder`, `forward_only`. */
  accountType?: string;
  forwardOnly: boolean;
  firstName?: string;
  lastName?: string;
  /** `alternateEmailAddress` on the wire. */
  notificationEmail?: string;
  countryCode?: string;
  languageCode?: string;
  /** A forward-only account's targets (`adminForwards`, comma-separated on the wire), lower-case. */
  forwards: string[];
  /** Lower-case: `active`, `suspended`, `pending_activation`. */
  status?: string;
}

/** What a mailbox record says of `resellerclub.MailUser`'s arguments (all but the write-only password). */
export interface MailboxRecordArgs {
  orderId: string;
  email: string;
  notificationEmail?: string;
  firstName?: string;
  lastName?: string;
  countryCode?: string;
  languageCode?: string;
}

/**
 * A mailbox record as the resource's arguments, in the forms check gives them (codes upper- and
 * lower-case): the one reading that refresh, adoption, crash take-over and import-plan use.
 */
export function mailboxArgsOf(orderId: string, u: MailUserRecord): MailboxRecordArgs {
  return {
    orderId,
    email: u.email.toLowerCase(),
    notificationEmail: u.notificationEmail,
    firstName: u.firstName,
    lastName: u.lastName,
    countryCode: u.countryCode?.toUpperCase(),
    languageCode: u.languageCode?.toLowerCase(),
  };
}

/** A forward-only account's targets as a set: lower-case, without duplicates, sorted. */
export function normaliseForwards(forwards: readonly string[]): string[] {
  return [...new Set(forwards.map((f) => f.toLowerCase()))].sort();
}

/** A forward-only record as `resellerclub.ForwardOnlyAccount`'s arguments (the same one reading). */
export function forwardArgsOf(
  orderId: string,
  u: MailUserRecord,
): { orderId: string; email: string; forwards: string[] } {
  return { orderId, email: u.email.toLowerCase(), forwards: normaliseForwards(u.forwards) };
}

/** What kind of account a record is, in the words adoption's differences use. */
export function accountKindOf(u: MailUserRecord): "mailbox" | "forward-only account" {
  return u.forwardOnly ? "forward-only account" : "mailbox";
}

function normalised(u: z.infer<typeof userRecord>): MailUserRecord {
  const accountType = u.accountType?.toLowerCase();
  return {
    email: u.emailAddress.toLowerCase(),
    accountType,
    forwardOnly: accountType === "forward_only",
    firstName: u.firstName,
    lastName: u.lastName,
    notificationEmail: u.alternateEmailAddress,
    countryCode: u.countryCode,
    languageCode: u.languageCode,
    forwards: (u.adminForwards ?? "")
      .split(",")
      .map((f) => f.trim().toLowerCase())
      .filter((f) => f !== ""),
    status: u.status?.toLowerCase(),
  };
}

const searchAnswer = z.object({
  response: z.object({ users: z.array(userRecord).default([]) }).loose(),
});

/** Mail search pages hold 200 accounts (KB 1045); a shorter page is the last. */
export const MAIL_SEARCH_PAGE_SIZE = 200;

// A write's answer: the fault reader has already refused anything but a success.
const success = z.unknown();

/** The fields of `mail/user/add.json`. */
export interface NewMailUser {
  orderId: string;
  email: string;
  password: string;
  notificationEmail: string;
  firstName: string;
  lastName: string;
  countryCode: string;
  languageCode: string;
}

/** Builds a client from config (stack config in the provider, `pulumi.Config` in a program) or the environment. */
export function resellerclubClientFromConfig(source?: ConfigSource): ResellerclubClient {
  const s = readSettings("ResellerClub", resellerclubSettings, source);
  return new ResellerclubClient(
    requireHttpUrl("resellerclubApiUrl", s.resellerclubApiUrl),
    s.resellerclubAuthUserId,
    s.resellerclubApiKey,
    source,
  );
}

/** Typed calls of the ResellerClub HTTP API. */
export class ResellerclubClient {
  private readonly http: VendorHttpClient;

  /** @param config - where the request layer's settings are read (see `requestSettings` in core/transport/http.ts). */
  constructor(baseUrl: string, authUserId: string, apiKey: string, config?: ConfigSource) {
    registerSecret(apiKey);
    this.http = new VendorHttpClient({
      vendor: "resellerclub",
      baseUrl,
      authParams: { "auth-userid": authUserId, "api-key": apiKey },
      readFault: readResellerclubFault,
      config,
    });
  }

  /** `mail/user/add.json`. Not idempotent: a lost answer is resolved by looking the address up. */
  async addUser(user: NewMailUser): Promise<void> {
    registerSecret(user.password);
    await this.post("add mail user", user.orderId, user.email, "mail/user/add.json", "non-idempotent", {
      passwd: user.password,
      "notification-email": user.notificationEmail,
      "first-name": user.firstName,
      "last-name": user.lastName,
      "country-code": user.countryCode,
      "language-code": user.languageCode,
    });
  }

  /** `mail/user/add-forward-only-account.json`. Not idempotent. */
  async addForwardOnlyAccount(orderId: string, email: string, forwards: readonly string[]): Promise<void> {
    await this.post(
      "add forward-only account",
      orderId,
      email,
      "mail/user/add-forward-only-account.json",
      "non-idempotent",
      {
        forwards: forwards.join(","),
      },
    );
  }

  /** `mail/user/modify.json`: every field is required, so it sets them all. Idempotent. */
  async modifyUser(
    orderId: string,
    email: string,
    fields: { notificationEmail: string; firstName: string; lastName: string },
  ) {
    await this.post("modify mail user", orderId, email, "mail/user/modify.json", "idempotent", {
      "notification-email": fields.notificationEmail,
      "first-name": fields.firstName,
      "last-name": fields.lastName,
    });
  }

  /** `mail/user/change-password.json`: needs the current password. Not retried (a repeat would fail). */
  async changePassword(orderId: string, email: string, oldPassword: string, newPassword: string) {
    registerSecret(oldPassword);
    registerSecret(newPassword);
    await this.post(
      "change mail user password",
      orderId,
      email,
      "mail/user/change-password.json",
      "non-idempotent",
      {
        "old-passwd": oldPassword,
        "new-passwd": newPassword,
      },
    );
  }

  /**
   * `mail/user/add-admin-forwards.json`: adds targets to a forward-only account (its `adminForwards`),
   * as the WHMCS ResellerClub module's `resellerclub_SaveEmailForwarding` does.
   */
  async addForwards(orderId: string, email: string, forwards: readonly string[]) {
    await this.post("add forwards", orderId, email, "mail/user/add-admin-forwards.json", "non-idempotent", {
      forwards: forwards.join(","),
    });
  }

  /** `mail/user/delete-admin-forwards.json`: removes targets of a forward-only account. */
  async deleteForwards(orderId: string, email: string, forwards: readonly string[]) {
    await this.post(
      "delete forwards",
      orderId,
      email,
      "mail/user/delete-admin-forwards.json",
      "non-idempotent",
      {
        forwards: forwards.join(","),
      },
    );
  }

  /** `mail/user/delete.json`; a missing user is VendorNotFoundError. Idempotent. */
  async deleteUser(orderId: string, email: string): Promise<void> {
    await this.post("delete mail user", orderId, email, "mail/user/delete.json", "idempotent", {});
  }

  /**
   * The account with this address on the order, or undefined when a search read to its end does not
   * list it: `mail/users/search.json` filtered by `email`, every page, compared here too (so a search
   * that ignored the filter still answers correctly). A failed read throws: it is never "not there".
   */
  async findUser(orderId: string, email: string): Promise<MailUserRecord | undefined> {
    const wanted = email.toLowerCase();
    for await (const page of this.searchPages(orderId, { email }, "look up mail user", email)) {
      const found = page.find((u) => u.email === wanted);
      if (found) return found;
    }
    return undefined;
  }

  /** `mail/users/search.json`, every page: all mail users and forward-only accounts of one order. */
  async listUsers(orderId: string): Promise<MailUserRecord[]> {
    const all: MailUserRecord[] = [];
    for await (const page of this.searchPages(orderId, {}, "list mail users")) all.push(...page);
    return all;
  }

  /** Search pages until a short one, or "No Records found" (an empty page, not an error). */
  private searchPages(
    orderId: string,
    filter: Record<string, string>,
    operation: string,
    what?: string,
  ): AsyncGenerator<MailUserRecord[]> {
    return paginate(
      async (pageNo): Promise<Page<MailUserRecord>> => {
        try {
          const body = await this.http.call(searchAnswer, {
            operation,
            resource: `${what ? `${what} on ` : ""}order ${orderId}, page ${pageNo}`,
            method: "GET",
            path: "/mail/users/search.json",
            query: { "order-id": orderId, ...filter, "page-no": pageNo },
            idempotency: "idempotent",
            hint: freeMailHint(orderId),
          });
          const items = body.response.users.map(normalised);
          return { items, last: items.length < MAIL_SEARCH_PAGE_SIZE };
        } catch (err) {
          if (err instanceof VendorNotFoundError && NO_RECORDS.test(err.vendorMessage ?? "")) {
            return { items: [], last: true };
          }
          throw err;
        }
      },
      { key: (u) => u.email, context: { vendor: "resellerclub", operation, resource: `order ${orderId}` } },
    );
  }

  /** `customers/details-by-id.json`. */
  async customerDetails(customerId: string): Promise<Record<string, unknown>> {
    return this.http.call(z.record(z.string(), z.unknown()), {
      operation: "read customer",
      resource: `customer ${customerId}`,
      method: "GET",
      path: "/customers/details-by-id.json",
      query: { "customer-id": customerId },
      idempotency: "idempotent",
    });
  }

  /** `mock/products/reseller-price.json`, as returned. */
  async resellerPricing(): Promise<unknown> {
    return this.http.call(z.unknown(), {
      operation: "read reseller pricing",
      method: "GET",
      path: "/mock/products/reseller-price.json",
      idempotency: "idempotent",
    });
  }

  /** One page of `billing/customer(-archived)-transactions/search.json`, in LogicBoxes' numbered-key format. */
  async searchTransactionsPage(
    archived: boolean,
    query: Record<string, string | number | readonly (string | number)[] | undefined>,
  ): Promise<Record<string, unknown>> {
    return this.http.call(z.record(z.string(), z.unknown()), {
      operation: archived ? "search archived customer transactions" : "search customer transactions",
      method: "GET",
      path: archived
        ? "/billing/customer-archived-transactions/search.json"
        : "/billing/customer-transactions/search.json",
      query,
      idempotency: "idempotent",
    });
  }

  private async post(
    operation: string,
    orderId: string,
    email: string,
    path: string,
    idempotency: VendorRequest["idempotency"],
    fields: Record<string, string>,
  ): Promise<void> {
    await this.http.call(success, {
      operation,
      resource: `${email} on order ${orderId}`,
      method: "POST",
      path: `/${path}`,
      form: { "order-id": orderId, email, ...fields },
      idempotency,
      hint: freeMailHint(orderId),
    });
  }
}
