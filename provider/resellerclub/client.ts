/**
 * The ResellerClub / LogicBoxes HTTP API client: one short method per call, everything else in
 * provider/core's request layer. Authentication is `auth-userid` and `api-key` request parameters, so
 * the key travels in URLs: it is registered for redaction and no URL is ever put in a message.
 *
 * Which calls follow the seed docs, which follow ResellerClub's public KB (modify, change-password,
 * add/delete-user-forwards, delete, users/search) and which shapes are assumptions is listed in one
 * place: "Assumptions (ResellerClub)" in sandbox/README.md.
 */
import { z } from "zod";

import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/config";
import { VendorFault, VendorHttpClient, VendorRequest } from "../core/http";
import { registerSecret } from "../core/redact";

/** The config keys of ResellerClub. */
export const resellerclubSettings = [
  {
    key: "resellerclubApiUrl",
    description: "ResellerClub HTTP API base URL, e.g. https://test.httpapi.com/api",
  },
  { key: "resellerclubAuthUserId", description: "reseller id (auth-userid)" },
  { key: "resellerclubApiKey", description: "API key (api-key)", secret: true },
] as const satisfies readonly SettingSpec[];

const errorBody = z.object({ status: z.string(), message: z.string().optional() }).loose();

/**
 * Reads `{"status":"ERROR","message":…}`, which LogicBoxes also sends with HTTP 200: then the call failed
 * all the same. "does not exist" means the object is gone.
 */
export function readResellerclubFault(status: number, body: unknown): VendorFault | undefined {
  const parsed = errorBody.safeParse(body);
  const isError = parsed.success && parsed.data.status.toUpperCase() === "ERROR";
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
    notFound: /does not exist|no such|invalid customer-id/i.test(message ?? ""),
  };
}

const mailUserRecord = z
  .object({
    email: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    notificationEmail: z.string().optional(),
    countryCode: z.string().optional(),
    languageCode: z.string().optional(),
    accountType: z.string(),
    forwards: z.array(z.string()).default([]),
    status: z.string().optional(),
  })
  .loose();
/** A mail user or forward-only account as users/search reports it (never with a password). */
export type MailUserRecord = z.infer<typeof mailUserRecord>;

const searchPage = z.object({
  recsonpage: z.coerce.number(),
  recsindb: z.coerce.number(),
  result: z.array(mailUserRecord).default([]),
});

const success = z.object({ status: z.string() }).loose();

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
  );
}

/** Typed calls of the ResellerClub HTTP API. */
export class ResellerclubClient {
  private readonly http: VendorHttpClient;

  constructor(baseUrl: string, authUserId: string, apiKey: string) {
    registerSecret(apiKey);
    this.http = new VendorHttpClient({
      vendor: "resellerclub",
      baseUrl,
      authParams: { "auth-userid": authUserId, "api-key": apiKey },
      readFault: readResellerclubFault,
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

  /** `mail/user/add-user-forwards.json`. */
  async addForwards(orderId: string, email: string, forwards: readonly string[]) {
    await this.post("add forwards", orderId, email, "mail/user/add-user-forwards.json", "non-idempotent", {
      forwards: forwards.join(","),
    });
  }

  /** `mail/user/delete-user-forwards.json`. */
  async deleteForwards(orderId: string, email: string, forwards: readonly string[]) {
    await this.post(
      "delete forwards",
      orderId,
      email,
      "mail/user/delete-user-forwards.json",
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

  /** `mail/users/search.json` for one address. */
  async findUser(orderId: string, email: string): Promise<MailUserRecord | undefined> {
    const page = await this.http.call(searchPage, {
      operation: "look up mail user",
      resource: `${email} on order ${orderId}`,
      method: "GET",
      path: "/mail/users/search.json",
      query: { "order-id": orderId, email },
      idempotency: "idempotent",
    });
    return page.result.find((u) => u.email.toLowerCase() === email.toLowerCase());
  }

  /** `mail/users/search.json`, every page: all mail users and forward-only accounts of one order. */
  async listUsers(orderId: string): Promise<MailUserRecord[]> {
    const all: MailUserRecord[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const page = await this.http.call(searchPage, {
        operation: "list mail users",
        resource: `order ${orderId}, page ${pageNo}`,
        method: "GET",
        path: "/mail/users/search.json",
        query: { "order-id": orderId, "page-no": pageNo },
        idempotency: "idempotent",
      });
      all.push(...page.result);
      if (page.result.length === 0 || all.length >= page.recsindb) return all;
    }
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
    });
  }
}
