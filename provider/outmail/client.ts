/**
 * The Partner API client: one short method per call, everything else (auth, retries, errors,
 * redaction) in provider/core's request layer. Calls the vendor's docs leave out (reading an outMail
 * service back, changing its password, un/suspend and delete on /live_services/{id}) follow the shapes
 * listed under "Assumptions (Partner API)" in sandbox/README.md, the one place to correct them.
 */
import { z } from "zod";

import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/config";
import { VendorFault, VendorHttpClient, VendorRequest } from "../core/http";
import { registerBasicCredentials } from "../core/redact";

/** The config keys of the Partner API. */
export const partnerSettings = [
  { key: "partnerApiUrl", description: "Partner API base URL, e.g. https://sandbox.my-engine.com/api-v1" },
  { key: "partnerId", description: "Partner id (Basic auth user)" },
  { key: "partnerApiKey", description: "Partner API key (Basic auth password)", secret: true },
] as const satisfies readonly SettingSpec[];

const errorBody = z.object({
  error: z.object({ name: z.string().optional(), message: z.string().optional() }).loose(),
});

/** Reads the Partner API's `{error:{name,url,message}}`. */
export function readPartnerFault(status: number, body: unknown): VendorFault | undefined {
  if (status < 400) return undefined;
  const parsed = errorBody.safeParse(body);
  const fault: VendorFault = parsed.success
    ? { code: parsed.data.error.name, message: parsed.data.error.message }
    : { message: typeof body === "string" && body.length > 0 ? body.slice(0, 300) : undefined };
  // The docs: "if you do have insufficient Partner Credits during the regrade operation you will get a 405".
  if (status === 405) fault.insufficientFunds = true;
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
  status: z.enum(["active", "suspended"]),
});
/** An outMail service as the Partner API reports it (never with its password). */
export type OutmailRecord = z.infer<typeof outmailRecord>;

const liveServiceRecord = z.object({
  id: z.coerce.string(),
  product: z.string(),
  tariff_service_name: z.string(),
  client_id: z.coerce.string(),
  status: z.enum(["active", "suspended"]),
  outmail_id: z.coerce.string().nullish(),
  regrade_servicenames: z.array(z.string()),
});
/** A live service (any product) with the tariffs it may be regraded to. */
export type LiveServiceRecord = z.infer<typeof liveServiceRecord>;

const serviceNamesBody = z.object({
  meta: z.object({ partner_credits: z.coerce.number() }).loose(),
  data: z.array(z.object({ service_name: z.string(), product: z.string(), credits: z.coerce.number() })),
});

const clientRecord = z
  .object({
    id: z.coerce.string(),
    name: z.string(),
    email: z.string().optional(),
    company: z.string().optional(),
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

/** A tariff with its credit cost. */
export interface ServiceNameInfo {
  serviceName: string;
  product: string;
  credits: number;
}

/** A client of the partner. */
export interface PartnerClient {
  id: string;
  name: string;
  email?: string;
  company?: string;
}

/** Builds a client from config (stack config in the provider, `pulumi.Config` in a program) or the environment. */
export function partnerClientFromConfig(source?: ConfigSource): PartnerApiClient {
  const s = readSettings("The outMail Partner API", partnerSettings, source);
  return new PartnerApiClient(requireHttpUrl("partnerApiUrl", s.partnerApiUrl), s.partnerId, s.partnerApiKey);
}

/** Typed calls of the Partner API. */
export class PartnerApiClient {
  private readonly http: VendorHttpClient;

  constructor(baseUrl: string, partnerId: string, apiKey: string) {
    registerBasicCredentials(partnerId, apiKey);
    const basic = Buffer.from(`${partnerId}:${apiKey}`).toString("base64");
    this.http = new VendorHttpClient({
      vendor: "outmail",
      baseUrl,
      headers: { Authorization: `Basic ${basic}` },
      readFault: readPartnerFault,
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

  /** `GET /outmails?username=…`: the natural-key lookup used after a lost create response. */
  async findOutmailByUsername(username: string): Promise<OutmailRecord | undefined> {
    const body = await this.call(z.object({ data: z.array(outmailRecord) }), {
      operation: "look up outMail service by username",
      resource: `username ${username}`,
      method: "GET",
      path: "/outmails",
      query: { username },
      idempotency: "idempotent",
    });
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
  async setLiveServiceSuspended(liveServiceId: string, suspended: boolean): Promise<void> {
    await this.call(z.unknown(), {
      operation: suspended ? "suspend live service" : "unsuspend live service",
      resource: `live service ${liveServiceId}`,
      method: "PATCH",
      path: `/live_services/${encodeURIComponent(liveServiceId)}`,
      json: { status: suspended ? "suspended" : "active" },
      idempotency: "idempotent",
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

  /** `GET /clients/search?q=…`. */
  async searchClients(term: string): Promise<PartnerClient[]> {
    const body = await this.call(z.object({ data: z.array(clientRecord) }), {
      operation: "search clients",
      resource: `term "${term}"`,
      method: "GET",
      path: "/clients/search",
      query: { q: term },
      idempotency: "idempotent",
    });
    return body.data.map(toPartnerClient);
  }
}

function toPartnerClient(c: z.infer<typeof clientRecord>): PartnerClient {
  return { id: c.id, name: c.name, email: c.email, company: c.company };
}
