/**
 * The Partner API client: one short method per call, everything else (auth, retries, errors,
 * redaction) in provider/core's request layer. Searching follows Prolateral's Partner API KB (articles
 * 393-395): an expression on the collection, `GET /clients?search=('username LIKE':'fred%')`. Calls the
 * vendor's docs leave out (reading an outMail service back, changing its password, un/suspend and delete
 * on /live_services/{id}) follow the shapes listed under "Sources" and "Assumptions (Partner API)" in
 * sandbox/README.md, the one place to correct them.
 */
import { z } from "zod";

import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/transport/config";
import { refusedBeforeCall, VendorError } from "../core/transport/errors";
import { VendorFault, VendorHttpClient, VendorRequest } from "../core/transport/http";
import { registerBasicCredentials } from "../core/transport/redact";
import type { ClientSearch, PartnerClient, ServiceNameInfo } from "./lookup-types";

export type { ClientSearch, PartnerClient, ServiceNameInfo } from "./lookup-types";

/** The config keys of the Partner API. */
export const partnerSettings = [
  { key: "partnerApiUrl", description: "Partner API base URL, e.g. https://sandbox.my-engine.com/api-v1" },
  { key: "partnerId", description: "Partner id (Basic auth user)" },
  { key: "partnerApiKey", description: "Partner API key (Basic auth password)", secret: true },
] as const satisfies readonly SettingSpec[];

const errorFields = z.object({ name: z.string().optional(), message: z.string().optional() }).loose();
const errorBody = z.object({ error: errorFields });

/**
 * Reads the Partner API's `{error:{name,url,message}}` (the seed's PHP and C# samples); its jQuery
 * sample reads the same fields at the top level, so that is accepted too, and so is a body that is not
 * JSON (the PHP sample's `else { echo $jsonResult; }`).
 */
export function readPartnerFault(status: number, body: unknown): VendorFault | undefined {
  if (status < 400) return undefined;
  const nested = errorBody.safeParse(body);
  const flat = errorFields.safeParse(body);
  const fields = nested.success ? nested.data.error : flat.success ? flat.data : undefined;
  const fault: VendorFault =
    fields && (fields.name !== undefined || fields.message !== undefined)
      ? { code: fields.name, message: fields.message }
      : { message: typeof body === "string" && body.length > 0 ? body.slice(0, 300) : undefined };
  // The docs: "if you do have insufficient Partner Credits during the regrade operation you will get a 405".
  if (status === 405) fault.insufficientFunds = true;
  // A 403 that names a business rule (our model's `SuspendedBySystem`, KB 405's unsuspend refusal) is a
  // refusal on the merits; one that names nothing, or access, is about the credentials or access controls.
  if (status === 403 && fault.code !== undefined && !/auth|forbidden|access|permission/i.test(fault.code)) {
    fault.refused = true;
  }
  return fault;
}

const outmailCreated = z.object({
  data: z.object({
    id: z.coerce.string(),
    username: z.string(),
    outmail_server_id: z.coerce.string(),
    live_service_id: z.coerce.string(),
  }),
});

const outmailRecord = z.object({
  id: z.coerce.string(),
  username: z.string(),
  client_id: z.coerce.string(),
  service_name: z.string(),
  whmcs_serviceid: z.coerce.string().nullish(),
  outmail_server_id: z.coerce.string(),
  live_service_id: z.coerce.string(),
  status: z
    .string()
    .optional()
    .transform((s) => s?.toLowerCase()),
});
/** An outMail service as the Partner API reports it (never with its password). */
export type OutmailRecord = z.infer<typeof outmailRecord>;

// Only `regrade_servicenames` is attested on a live service (KB 403; its prose spells it
// `regarde_servicenames`, accepted too). The rest is our model of the record (sandbox/README.md,
// "Assumptions (Partner API)"): every field but the id is optional and unknown fields are ignored, so a
// live answer shaped differently degrades a check instead of failing a read.
const liveServiceRecord = z
  .object({
    id: z.coerce.string(),
    product: z.string().optional(),
    tariff_service_name: z.string(),
    client_id: z.coerce.string().optional(),
    status: z
      .string()
      .optional()
      .transform((s) => s?.toLowerCase()),
    suspended_by: z
      .string()
      .nullish()
      .transform((s) => s?.toLowerCase() ?? undefined),
    outmail_id: z.coerce.string().nullish(),
    regrade_servicenames: z.array(z.string()).optional(),
    regarde_servicenames: z.array(z.string()).optional(),
  })
  .loose()
  .transform(({ regarde_servicenames, ...rest }) => ({
    ...rest,
    regrade_servicenames: rest.regrade_servicenames ?? regarde_servicenames,
  }));
/** A live service (any product) with the tariffs it may be regraded to, when the vendor lists them. */
export type LiveServiceRecord = z.infer<typeof liveServiceRecord>;

/** Whether the vendor reports the live service as suspended (by the partner or by the system). */
export function isSuspended(live: { status?: string }): boolean {
  return live.status === "suspended";
}

/** What an outMail record says of an `outmail.Service`'s arguments (all but the write-only password). */
export interface OutmailRecordArgs {
  clientId: string;
  serviceName: string;
  username: string;
  billingServiceId?: string;
  suspended: boolean;
}

/**
 * An outMail record as the resource's arguments: the one mapping that refresh (read), adoption, crash
 * take-over and import-plan use, so they cannot read a record four ways.
 */
export function outmailArgsOf(o: OutmailRecord): OutmailRecordArgs {
  return {
    clientId: o.client_id,
    serviceName: o.service_name,
    username: o.username,
    billingServiceId: o.whmcs_serviceid ?? undefined,
    suspended: isSuspended(o),
  };
}

/** What a live service's record says of a `partner.LiveService`'s arguments. */
export interface LiveServiceRecordArgs {
  liveServiceId: string;
  /** Given by the caller: the record may not say it, and the tariff list may (see import-plan, read). */
  product?: string;
  serviceName: string;
  clientId?: string;
  suspended: boolean;
}

/**
 * A live service's record as the resource's arguments: the one mapping that refresh (read), adoption and
 * import-plan use. Its product is resolved by the caller (the record's, else the tariff list's).
 */
export function liveServiceArgsOf(live: LiveServiceRecord, product?: string): LiveServiceRecordArgs {
  return {
    liveServiceId: live.id,
    product,
    serviceName: live.tariff_service_name,
    clientId: live.client_id,
    suspended: isSuspended(live),
  };
}

/**
 * Whether Prolateral itself suspended the service (abuse, billing): KB 405, "a service thats been
 * suspended by the system … can not be unsuspended by the Partner API". `suspended_by` is our name for
 * the marker (the KB names none); without it this is false and the vendor's refusal tells instead.
 */
export function isSuspendedBySystem(live: { status?: string; suspended_by?: string }): boolean {
  return isSuspended(live) && live.suspended_by === "system";
}

const serviceNamesBody = z.object({
  meta: z.object({ partner_credits: z.coerce.number() }).loose(),
  // KB 403: the endpoint gives "the cost in credits for a service"; the field names, and a product per
  // tariff, are our model (sandbox/README.md): without a product, check cannot tell products apart.
  data: z.array(
    z
      .object({ service_name: z.string(), product: z.string().optional(), credits: z.coerce.number() })
      .loose(),
  ),
});

// KB 392-395 show id, username (an address), email, title, firstname, surname, active, client_status_id
// and external_userid; only the id is needed, the rest is optional, unknown fields are ignored.
const clientRecord = z
  .object({
    id: z.coerce.string(),
    username: z.string().optional(),
    email: z.string().optional(),
    title: z.string().optional(),
    firstname: z.string().optional(),
    surname: z.string().optional(),
    active: z.union([z.boolean(), z.coerce.number(), z.string()]).optional(),
    client_status_id: z.coerce.string().optional(),
    external_userid: z.coerce.string().optional(),
  })
  .loose();

/** The new outMail service's fields, as `POST /outmails` takes them. */
export interface NewOutmail {
  clientId: string;
  serviceName: string;
  username: string;
  password: string;
  billingServiceId?: string;
}

/** `('username LIKE':'fred%','id >':'9987600')`, KB 395's notation. */
export function searchExpression(criteria: ClientSearch): string {
  const pairs = Object.entries(criteria).map(([field, value]) => {
    // The notation's quoting of a quote is not documented: refuse rather than guess.
    if (/['!]/.test(field) || /['!]/.test(value)) {
      throw refusedBeforeCall(
        { vendor: "partner", operation: "search clients" },
        `search: ${JSON.stringify(field)}: ${JSON.stringify(value)} may not contain ' or !`,
      );
    }
    return `'${field}':'${value}'`;
  });
  if (pairs.length === 0) {
    throw refusedBeforeCall(
      { vendor: "partner", operation: "search clients" },
      "search: give at least one criterion",
    );
  }
  return `(${pairs.join(",")})`;
}

/**
 * The Partner API's HTTP calls from config (stack config in the provider, `pulumi.Config` in a program) or
 * the environment. (The API calls the partner's customers "clients": `PartnerClient` is one of those; the
 * HTTP side is `PartnerApi`, so the two never share a word.)
 */
export function partnerApiFromConfig(source?: ConfigSource): PartnerApi {
  const s = readSettings("The outMail Partner API", partnerSettings, source);
  return new PartnerApi(
    requireHttpUrl("partnerApiUrl", s.partnerApiUrl),
    s.partnerId,
    s.partnerApiKey,
    source,
  );
}

/** Typed calls of the Partner API. */
export class PartnerApi {
  private readonly http: VendorHttpClient;

  /** @param config - where the request layer's settings are read (see `requestSettings` in core/transport/http.ts). */
  constructor(baseUrl: string, partnerId: string, apiKey: string, config?: ConfigSource) {
    registerBasicCredentials(partnerId, apiKey);
    const basic = Buffer.from(`${partnerId}:${apiKey}`).toString("base64");
    this.http = new VendorHttpClient({
      vendor: "partner",
      baseUrl,
      headers: { Authorization: `Basic ${basic}` },
      readFault: readPartnerFault,
      config,
    });
  }

  private call<S extends z.ZodType>(schema: S, req: VendorRequest): Promise<z.infer<S>> {
    return this.http.call(schema, req);
  }

  /** `POST /outmails`. Not idempotent: it creates a billable service, so it is never retried blindly. */
  async createOutmail(o: NewOutmail, hint?: VendorRequest["hint"]) {
    const body = await this.call(outmailCreated, {
      operation: "create outMail service",
      resource: `username ${o.username}`,
      method: "POST",
      path: "/outmails",
      json: {
        service_name: o.serviceName,
        whmcs_serviceid: o.billingServiceId,
        client_id: o.clientId,
        username: o.username,
        password: o.password,
      },
      idempotency: "non-idempotent",
      hint,
    });
    return body.data;
  }

  /** `GET /outmails/{id}`. */
  async getOutmail(outmailId: string): Promise<OutmailRecord> {
    const body = await this.call(z.object({ data: outmailRecord }), {
      operation: "read outMail service",
      resource: `outMail ${outmailId}`,
      method: "GET",
      path: `/outmails/${encodeURIComponent(outmailId)}`,
      idempotency: "idempotent",
    });
    return body.data;
  }

  /**
   * The natural-key lookup used after a lost create response: `GET /outmails?search=('username':'…')`,
   * the search notation KB 395 documents on `/clients` (its use on `/outmails` is our assumption). Only an
   * answer that the filter visibly applied to is conclusive: one that lists other usernames (a server
   * that ignored the search and sent a page of everything) throws, so "not found" is never a guess.
   */
  async findOutmailByUsername(username: string): Promise<OutmailRecord | undefined> {
    const operation = "look up outMail service by username";
    const body = await this.call(z.object({ data: z.array(outmailRecord) }), {
      operation,
      resource: `username ${username}`,
      method: "GET",
      path: "/outmails",
      query: { search: searchExpression({ username }) },
      idempotency: "idempotent",
    });
    const others = body.data.filter((o) => o.username !== username);
    if (others.length > 0) {
      throw new VendorError({
        vendor: "partner",
        operation,
        resource: `username ${username}`,
        vendorCode: "SearchNotApplied",
        vendorMessage:
          `the answer listed ${others.length} service(s) with other usernames, so the search was not applied ` +
          `and the absence of ${username} from it proves nothing`,
      });
    }
    return body.data.find((o) => o.username === username);
  }

  /** `GET /outmails`: every outMail service of the partner (the import plan's inventory). */
  async listOutmails(): Promise<OutmailRecord[]> {
    const body = await this.call(z.object({ data: z.array(outmailRecord) }), {
      operation: "list outMail services",
      method: "GET",
      path: "/outmails",
      idempotency: "idempotent",
    });
    return body.data;
  }

  /** `PATCH /outmails/{id}`: password and billing id. Idempotent: it sets absolute values. */
  async updateOutmail(outmailId: string, changes: { password?: string; billingServiceId?: string }) {
    await this.call(z.unknown(), {
      operation: "update outMail service",
      resource: `outMail ${outmailId}`,
      method: "PATCH",
      path: `/outmails/${encodeURIComponent(outmailId)}`,
      json: { password: changes.password, whmcs_serviceid: changes.billingServiceId },
      idempotency: "idempotent",
    });
  }

  /** `GET /live_services/{id}`, with the tariffs it may be regraded to. */
  async getLiveService(liveServiceId: string): Promise<LiveServiceRecord> {
    const body = await this.call(z.object({ data: liveServiceRecord }), {
      operation: "read live service",
      resource: `live service ${liveServiceId}`,
      method: "GET",
      path: `/live_services/${encodeURIComponent(liveServiceId)}`,
      idempotency: "idempotent",
    });
    return body.data;
  }

  /**
   * `GET /live_services[?search=(…)]`: the partner's live services of every product, optionally narrowed
   * by exact criteria (`{ client_id: "9987606" }`). KB 399 says the list exists ("list the live_services
   * for a given client_id"); its form is KB 395's search notation, our assumption. An answer that lists a
   * service not meeting the criteria (a server that ignored the search) throws, so a filtered list is
   * never a guess.
   */
  async listLiveServices(criteria: Record<string, string> = {}): Promise<LiveServiceRecord[]> {
    const operation = "list live services";
    const search = Object.keys(criteria).length > 0 ? searchExpression(criteria) : undefined;
    const body = await this.call(z.object({ data: z.array(liveServiceRecord) }), {
      operation,
      resource: search === undefined ? undefined : `search ${search}`,
      method: "GET",
      path: "/live_services",
      query: search === undefined ? undefined : { search },
      idempotency: "idempotent",
    });
    const misfits = body.data.filter((s) =>
      Object.entries(criteria).some(
        ([field, value]) => String((s as Record<string, unknown>)[field]) !== value,
      ),
    );
    if (misfits.length > 0) {
      throw new VendorError({
        vendor: "partner",
        operation,
        resource: `search ${search}`,
        vendorCode: "SearchNotApplied",
        vendorMessage: `the answer listed ${misfits.length} live service(s) not meeting ${search}, so the search was not applied`,
      });
    }
    return body.data;
  }

  /**
   * `PATCH /live_services/{id}` with `tariff_service_name`. Not retried on an ambiguous failure: a regrade
   * moves credits, and the caller re-reads the live service instead.
   */
  async regradeLiveService(
    liveServiceId: string,
    tariff: string,
    hint?: VendorRequest["hint"],
  ): Promise<void> {
    await this.call(z.unknown(), {
      operation: `regrade live service to ${tariff}`,
      resource: `live service ${liveServiceId}`,
      method: "PATCH",
      path: `/live_services/${encodeURIComponent(liveServiceId)}`,
      json: { tariff_service_name: tariff },
      idempotency: "non-idempotent",
      hint,
    });
  }

  /** `PATCH /live_services/{id}` with `status`: suspend or unsuspend. Idempotent. */
  async setLiveServiceSuspended(
    liveServiceId: string,
    suspended: boolean,
    hint?: VendorRequest["hint"],
  ): Promise<void> {
    await this.call(z.unknown(), {
      operation: suspended ? "suspend live service" : "unsuspend live service",
      resource: `live service ${liveServiceId}`,
      method: "PATCH",
      path: `/live_services/${encodeURIComponent(liveServiceId)}`,
      json: { status: suspended ? "suspended" : "active" },
      idempotency: "idempotent",
      hint,
    });
  }

  /** `DELETE /live_services/{id}`. Idempotent; a missing service surfaces as VendorNotFoundError. */
  async deleteLiveService(liveServiceId: string): Promise<void> {
    await this.call(z.unknown(), {
      operation: "delete live service",
      resource: `live service ${liveServiceId}`,
      method: "DELETE",
      path: `/live_services/${encodeURIComponent(liveServiceId)}`,
      idempotency: "idempotent",
    });
  }

  /** `GET /live_services/service_names`: every tariff with its credit cost, and the partner's balance. */
  async listServiceNames(): Promise<{ partnerCredits: number; serviceNames: ServiceNameInfo[] }> {
    const body = await this.call(serviceNamesBody, {
      operation: "list service names",
      method: "GET",
      path: "/live_services/service_names",
      idempotency: "idempotent",
    });
    return {
      partnerCredits: body.meta.partner_credits,
      serviceNames: body.data.map((s) => ({
        serviceName: s.service_name,
        product: s.product,
        credits: s.credits,
      })),
    };
  }

  /** `GET /clients`. */
  async listClients(): Promise<PartnerClient[]> {
    const body = await this.call(z.object({ data: z.array(clientRecord) }), {
      operation: "list clients",
      method: "GET",
      path: "/clients",
      idempotency: "idempotent",
    });
    return body.data.map(toPartnerClient);
  }

  /** `GET /clients?search=(…)` (KB 395). */
  async searchClients(criteria: ClientSearch): Promise<PartnerClient[]> {
    const search = searchExpression(criteria);
    const body = await this.call(z.object({ data: z.array(clientRecord) }), {
      operation: "search clients",
      resource: `search ${search}`,
      method: "GET",
      path: "/clients",
      query: { search },
      idempotency: "idempotent",
    });
    return body.data.map(toPartnerClient);
  }
}

function toPartnerClient(c: z.infer<typeof clientRecord>): PartnerClient {
  const active =
    c.active === undefined
      ? undefined
      : c.active === true || c.active === 1 || /^(1|true|yes)$/i.test(String(c.active));
  return {
    id: c.id,
    username: c.username,
    email: c.email,
    title: c.title,
    firstName: c.firstname,
    surname: c.surname,
    active,
    statusId: c.client_status_id,
    externalUserId: c.external_userid,
  };
}
