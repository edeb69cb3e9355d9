/**
 * The MailPartner client: `apiKey` in the JSON body (query for GETs), every answer HTTP 200 with
 * `success` and `code`. One short method per call; the request layer does the rest. The seed docs cover
 * `subaccount/create`; the list follows MailPartner's public documentation (docpartner.dev, Mail Partner →
 * Sous-comptes), its answer's shape is assumed: see "Assumptions (MailPartner)" in sandbox/README.md.
 * MailPartner documents no read-one, update or delete call for sub-accounts.
 */
import { z } from "zod";

import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/config";
import { VendorFault, VendorHttpClient } from "../core/http";
import { registerSecret } from "../core/redact";

/** The config keys of MailPartner. */
export const mailpartnerSettings = [
  { key: "mailpartnerApiUrl", description: "MailPartner API base URL, e.g. https://api.mailpartner.fr/v1" },
  { key: "mailpartnerApiKey", description: "MailPartner API key", secret: true },
] as const satisfies readonly SettingSpec[];

/**
 * The English meaning of `subaccount/create`'s codes, for operators; the vendor's own code and French
 * text stay in the message next to it.
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
  .object({ success: z.boolean(), code: z.coerce.number(), message: z.string().optional() })
  .loose();

/** Reads `{"success":false,"code":N,"message":…}`, sent with HTTP 200. */
export function readMailpartnerFault(status: number, body: unknown): VendorFault | undefined {
  const parsed = answer.safeParse(body);
  if (parsed.success && parsed.data.success) return undefined;
  if (!parsed.success)
    return status < 400 ? undefined : { message: typeof body === "string" ? body.slice(0, 300) : undefined };
  const { code, message } = parsed.data;
  const meaning = createErrorMeanings[code];
  return {
    code: String(code),
    message: meaning && message ? `${meaning} ("${message}")` : message,
    failed: true,
    notFound: code === 404,
    insufficientFunds: code === 9,
  };
}

const created = z.object({
  subaccount: z.object({ email: z.string(), token: z.string() }),
  sendConfirmMailTo: z.string().optional(),
  parent_email: z.string().optional(),
});

const listed = z.object({
  total: z.coerce.number(),
  subaccounts: z.array(
    z
      .object({
        email: z.string(),
        token: z.string(),
        type: z.string().optional(),
        isBuyer: z.coerce.number().optional(),
        title: z.string().optional(),
        firstname: z.string().optional(),
        lastname: z.string().optional(),
        credit: z.coerce.number().optional(),
      })
      .loose(),
  ),
});
/** A sub-account as the list reports it. */
export type SubaccountRecord = z.infer<typeof listed>["subaccounts"][number];

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
  return new MailpartnerClient(requireHttpUrl("mailpartnerApiUrl", s.mailpartnerApiUrl), s.mailpartnerApiKey);
}

/** Typed calls of the MailPartner API. */
export class MailpartnerClient {
  private readonly http: VendorHttpClient;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
  ) {
    registerSecret(apiKey);
    this.http = new VendorHttpClient({ vendor: "mailpartner", baseUrl, readFault: readMailpartnerFault });
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

  private async *pages(): AsyncGenerator<SubaccountRecord[]> {
    let seen = 0;
    for (let page = 1; ; page++) {
      const body = await this.http.call(listed, {
        operation: "list sub-accounts",
        resource: `page ${page}`,
        method: "GET",
        path: "/subaccount/list",
        query: { apiKey: this.apiKey, page },
        idempotency: "idempotent",
      });
      for (const s of body.subaccounts) registerSecret(s.token);
      seen += body.subaccounts.length;
      yield body.subaccounts;
      if (body.subaccounts.length === 0 || seen >= body.total) return;
    }
  }
}
