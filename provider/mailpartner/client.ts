/**
 * The MailPartner client: `apiKey` in the JSON body (query for GETs), answers carrying `success` and
 * `code`, failures in either of the company's two shapes, whatever the HTTP status (see
 * {@link readMailpartnerFault}). One short method
 * per call; the request layer does the rest. The seed docs cover `subaccount/create`; the list follows
 * MailPartner's public documentation (docpartner.dev "Liste des sous-comptes", its source in
 * toodiz/docpartner `pages/docs/mail/sous-comptes/sous_comptep3.md`): see sandbox/README.md, "Sources".
 * MailPartner documents no read-one, update or delete call for sub-accounts.
 */
import { z } from "zod";

import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/transport/config";
import { VendorFault, VendorHttpClient } from "../core/transport/http";
import { Page, paginate } from "../core/transport/paginate";
import { registerSecret } from "../core/transport/redact";

/** The config keys of MailPartner. */
export const mailpartnerSettings = [
  { key: "mailpartnerApiUrl", description: "MailPartner API base URL, e.g. https://api.mailpartner.fr/v1" },
  { key: "mailpartnerApiKey", description: "MailPartner API key", secret: true },
] as const satisfies readonly SettingSpec[];

/**
 * The English meaning of `subaccount/create`'s codes, for operators; the vendor's own code and French
 * text stay in the message next to it. Codes 1 and 10 mean the same on every call (toodiz/docpartner's
 * Sous-comptes pages: create, list, credit/add, credit/remove).
 */
export const createErrorMeanings: Record<number, string> = {
  1: "the API key is missing",
  2: "a phone number is required",
  3: "isBuyer is required for an advanced sub-account",
  4: "the type is required (simple or advanced)",
  5: "the sub-account type does not exist (simple or advanced)",
  6: "an email is required for an advanced sub-account",
  7: "an account already exists with this email",
  8: "creditToAttribute must be greater than 0",
  9: "the parent account's balance cannot cover creditToAttribute",
  10: "the API key is wrong",
};

const answer = z
  .object({
    success: z.boolean(),
    code: z.coerce.number(),
    message: z.string().optional(),
    error: z.unknown().optional(),
    errors: z.unknown().optional(),
  })
  .loose();
const fieldError = z.object({ elementId: z.string().optional(), message: z.string().optional() }).loose();

/**
 * The second shape's list, as "elementId: message" texts: `error` in SMS Partner's Go client
 * (smspartnerfr/SMS-API-GO `v1/testdata/send_sms_error.json`), `errors` on toodiz/docpartner's SMS send
 * page. Undefined when the body has neither list.
 */
function fieldErrors(data: { error?: unknown; errors?: unknown }): string[] | undefined {
  const list = Array.isArray(data.error) ? data.error : Array.isArray(data.errors) ? data.errors : undefined;
  return list?.flatMap((item) => {
    const e = fieldError.safeParse(item);
    if (!e.success) return [];
    const text = [e.data.elementId, e.data.message].filter((t) => t !== undefined && t !== "").join(": ");
    return text === "" ? [] : [text];
  });
}

/**
 * Reads MailPartner's failures whatever the HTTP status (200 in the docs' examples; 400 for validation in
 * SMS Partner's Go client, the same company's API): `{"success":false,"code":N,"message":…}`, and the
 * validation shape `{"success":false,"code":9,"error":[{"elementId","message"}]}` (`errors` also read),
 * where code 9 means "a constraint was not respected", not create's balance code: a refusal listing each
 * field. Code 10, "Clé API incorrecte", is a credentials error.
 */
export function readMailpartnerFault(status: number, body: unknown): VendorFault | undefined {
  const parsed = answer.safeParse(body);
  if (parsed.success && parsed.data.success) return undefined;
  if (!parsed.success)
    return status < 400 ? undefined : { message: typeof body === "string" ? body.slice(0, 300) : undefined };
  const { code, message } = parsed.data;
  const fields = fieldErrors(parsed.data);
  if (fields !== undefined) {
    const listed = fields.length > 0 ? `refused field by field: ${fields.join("; ")}` : undefined;
    return {
      code: String(code),
      message: [listed, message].filter((t) => t !== undefined).join("; ") || undefined,
      failed: true,
      refused: true,
    };
  }
  const meaning = createErrorMeanings[code];
  return {
    code: String(code),
    message: meaning && message ? `${meaning} ("${message}")` : message,
    failed: true,
    notFound: code === 404,
    insufficientFunds: code === 9,
    ...(code === 10 ? { unauthorized: true } : {}),
  };
}

const created = z.object({
  subaccount: z.object({ email: z.string(), token: z.string() }),
  sendConfirmMailTo: z.string().optional(),
  parent_email: z.string().optional(),
});

// The documented list item: {id, email, type, token, apiKey, createdAt, credits:{balance, currency}}. Only
// the address is needed to find one; everything else is optional, and unknown fields are ignored.
const listedItem = z
  .object({
    id: z.coerce.string().optional(),
    email: z.string(),
    type: z.string().optional(),
    token: z.string().optional(),
    // The sub-account's own API key: read only to be registered as a secret, then dropped.
    apiKey: z.string().optional(),
    createdAt: z.string().optional(),
    credits: z
      .object({ balance: z.coerce.number().optional(), currency: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();
const listed = z
  .object({
    total: z.coerce.number().optional(),
    nb_per_page: z.coerce.number().optional(),
    page: z.coerce.number().optional(),
    data: z.array(listedItem).default([]),
  })
  .loose();

/**
 * A sub-account as the list reports it, without its API key: the provider never keeps a sub-account's
 * key, so it cannot reach state, outputs, logs or errors.
 */
export interface SubaccountRecord {
  id?: string;
  email: string;
  type?: string;
  /** The sub-account's identifier at MailPartner; a secret output. */
  token?: string;
  /** "YYYY-MM-DD HH:MM:SS", as MailPartner writes it. */
  createdAt?: string;
  /** Euros on the sub-account. */
  balance?: number;
}

/** What a sub-account's list entry says of a `mailpartner.Subaccount`'s arguments. */
export interface SubaccountRecordArgs {
  /** Lower-cased: MailPartner compares addresses without case. */
  email: string;
  /** Undefined when MailPartner reports a type the resource does not know. */
  type?: "simple" | "advanced";
}

/**
 * A sub-account's list entry as the resource's arguments: the one mapping that refresh (read), adoption,
 * crash take-over and import-plan use. The list reports nothing of the names or `isBuyer`.
 */
export function subaccountArgsOf(s: SubaccountRecord): SubaccountRecordArgs {
  return {
    email: s.email.toLowerCase(),
    type: s.type === "simple" || s.type === "advanced" ? s.type : undefined,
  };
}

/** The fields of `subaccount/create`. */
export interface NewSubaccount {
  type: "simple" | "advanced";
  email?: string;
  isBuyer?: boolean;
  creditToAttribute?: number;
  title?: string;
  firstName?: string;
  lastName?: string;
}

/** Builds a client from config (stack config in the provider, `pulumi.Config` in a program) or the environment. */
export function mailpartnerClientFromConfig(source?: ConfigSource): MailpartnerClient {
  const s = readSettings("MailPartner", mailpartnerSettings, source);
  return new MailpartnerClient(
    requireHttpUrl("mailpartnerApiUrl", s.mailpartnerApiUrl),
    s.mailpartnerApiKey,
    source,
  );
}

/** Typed calls of the MailPartner API. */
export class MailpartnerClient {
  private readonly http: VendorHttpClient;

  /** @param config - where the request layer's settings are read (see `requestSettings` in core/transport/http.ts). */
  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    config?: ConfigSource,
  ) {
    registerSecret(apiKey);
    this.http = new VendorHttpClient({
      vendor: "mailpartner",
      baseUrl,
      readFault: readMailpartnerFault,
      config,
    });
  }

  /** `POST /subaccount/create`. Not idempotent: it moves money; a lost answer is resolved through the list. */
  async createSubaccount(sub: NewSubaccount) {
    const body = await this.http.call(created, {
      operation: `create ${sub.type} sub-account`,
      resource: sub.email ? `email ${sub.email}` : undefined,
      method: "POST",
      path: "/subaccount/create",
      json: {
        apiKey: this.apiKey,
        type: sub.type,
        parameters: {
          email: sub.email,
          isBuyer: sub.isBuyer === undefined ? undefined : sub.isBuyer ? 1 : 0,
          creditToAttribute: sub.creditToAttribute,
          title: sub.title,
          firstname: sub.firstName,
          lastname: sub.lastName,
        },
      },
      idempotency: "non-idempotent",
    });
    registerSecret(body.subaccount.token);
    return body;
  }

  /** Every sub-account (`GET /subaccount/list`, 20 per page, every page). */
  async listSubaccounts(): Promise<SubaccountRecord[]> {
    const all: SubaccountRecord[] = [];
    for await (const page of this.pages()) all.push(...page);
    return all;
  }

  /** The sub-account with this address (case-insensitive), reading pages only until it turns up. */
  async findSubaccount(email: string): Promise<SubaccountRecord | undefined> {
    const wanted = email.toLowerCase();
    for await (const page of this.pages()) {
      const found = page.find((s) => s.email.toLowerCase() === wanted);
      if (found) return found;
    }
    return undefined;
  }

  /** `GET /subaccount/list`, page by page: 20 a page; the end is an empty page or as many as `total`. */
  private pages(): AsyncGenerator<SubaccountRecord[]> {
    let seen = 0;
    return paginate(
      async (page): Promise<Page<SubaccountRecord>> => {
        const body = await this.http.call(listed, {
          operation: "list sub-accounts",
          resource: `page ${page}`,
          method: "GET",
          path: "/subaccount/list",
          query: { apiKey: this.apiKey, page },
          idempotency: "idempotent",
        });
        const items = body.data.map(({ apiKey, token, ...item }): SubaccountRecord => {
          if (apiKey !== undefined) registerSecret(apiKey);
          if (token !== undefined) registerSecret(token);
          return {
            id: item.id,
            email: item.email,
            type: item.type,
            token,
            createdAt: item.createdAt,
            balance: item.credits?.balance,
          };
        });
        seen += items.length;
        const { total, nb_per_page: perPage } = body;
        const last =
          total !== undefined && (seen >= total || (perPage !== undefined && page * perPage >= total));
        return { items, last };
      },
      {
        key: (s) => s.email.toLowerCase(),
        context: { vendor: "mailpartner", operation: "list sub-accounts" },
      },
    );
  }
}
