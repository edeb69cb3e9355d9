import { createHash, timingSafeEqual } from "node:crypto";

import { type Request, Router } from "express";

import { ErrorSender, HttpError, errorHandler, isRecord, requestPath, sendNamedError } from "../core/http";
import { parseFields, parseSearch, project } from "./search";
import type { PartnerState } from "./state";

export const PARTNER_PREFIX = "/partner/api-v1";

/** The docs' error shape: `{"error":{"name","url","message"}}`, `url` being the request path. */
export const sendPartnerError: ErrorSender = sendNamedError;

export interface PartnerRouteOptions {
  state: PartnerState;
  partnerApiKey: string;
}

/** Compares digests so that neither the length nor the content of a guess leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

function basicCredentials(req: Request): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function body(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return isRecord(b) ? b : {};
}

/** A body field as a string. JSON clients may send ids as numbers; form bodies only ever carry strings. */
function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new HttpError(422, "ValidationError", `${name}: must be a string.`);
}

function queryField(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  throw new HttpError(422, "ValidationError", `${name}: give the query parameter once, as a plain value.`);
}

/** Rejects fields a PATCH cannot change, so a client that expects them to apply finds out at once. */
function onlyFields(fields: Record<string, unknown>, allowed: readonly string[], hint: string): void {
  const extra = Object.keys(fields).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    throw new HttpError(
      422,
      "ValidationError",
      `${extra.join(", ")}: cannot be changed here; only ${allowed.join(" and ")} can${hint}.`,
    );
  }
}

/** The Partner API, relative to PARTNER_PREFIX. */
export function partnerApiRouter(options: PartnerRouteOptions): Router {
  const { state, partnerApiKey } = options;
  const router = Router();

  router.use((req, res, next) => {
    const creds = basicCredentials(req);
    const userOk = creds !== undefined && sameSecret(creds.user, state.partnerId);
    const keyOk = creds !== undefined && sameSecret(creds.password, partnerApiKey);
    if (userOk && keyOk) {
      next();
      return;
    }
    res.setHeader("WWW-Authenticate", 'Basic realm="Partner API"');
    sendPartnerError(
      req,
      res,
      401,
      "Unauthorized",
      creds === undefined
        ? "Authentication required: HTTP Basic auth with your partner id and API key."
        : "Invalid partner id or API key.",
    );
  });

  router.get("/live_services/service_names", (_req, res) => {
    res.json({ meta: { success: true, partner_credits: state.partnerCredits }, data: state.serviceNames() });
  });

  // KB 399: "you would need to list the live_services for a given client_id". The list call itself is not
  // shown anywhere: `search=(…)` on the collection (KB 395's notation, any field) is our assumption.
  router.get("/live_services", (req, res) => {
    const search = queryField(req, "search");
    const data = state.listLiveServices(search === undefined ? [] : parseSearch(search));
    res.json({ meta: { success: true, total: data.length }, data });
  });

  // Declared after /live_services/service_names, which must win over it.
  router.get("/live_services/:id", (req, res) => {
    res.json({ meta: { success: true }, data: state.getLiveService(req.params.id) });
  });

  router.patch("/live_services/:id", (req, res) => {
    const fields = body(req);
    onlyFields(fields, ["tariff_service_name", "status"], "");
    const data = state.updateLiveService(req.params.id, {
      tariff_service_name: stringField(fields, "tariff_service_name"),
      status: stringField(fields, "status"),
    });
    res.json({ meta: { success: true }, data });
  });

  router.delete("/live_services/:id", (req, res) => {
    state.deleteLiveService(req.params.id);
    res.json({ meta: { success: true } });
  });

  // KB 393-395: the list, narrowed by `search=(…)` and cut to `fields=!(…)`.
  router.get("/clients", (req, res) => {
    const search = queryField(req, "search");
    const fields = queryField(req, "fields");
    const clients = search === undefined ? state.listClients() : state.searchClients(parseSearch(search));
    const data = clients.map((c) => project(c, fields === undefined ? undefined : parseFields(fields)));
    res.json({ meta: { success: true, total: data.length }, data });
  });

  router.post("/outmails", (req, res) => {
    const fields = body(req);
    const data = state.createOutmail({
      service_name: stringField(fields, "service_name"),
      whmcs_serviceid: stringField(fields, "whmcs_serviceid"),
      client_id: stringField(fields, "client_id"),
      username: stringField(fields, "username"),
      password: stringField(fields, "password"),
    });
    res.status(201).json({ meta: { success: true }, data });
  });

  router.get("/outmails", (req, res) => {
    // No filter parameter is documented for /outmails: `search=(…)` is KB 395's notation (assumed to
    // work here too); anything else, such as `username=`, is ignored, as an unknown parameter may be.
    const search = queryField(req, "search");
    const data = state.listOutmails(search === undefined ? [] : parseSearch(search));
    res.json({ meta: { success: true, total: data.length }, data });
  });

  router.get("/outmails/:id", (req, res) => {
    res.json({ meta: { success: true }, data: state.getOutmail(req.params.id) });
  });

  router.patch("/outmails/:id", (req, res) => {
    const fields = body(req);
    onlyFields(fields, ["password", "whmcs_serviceid"], " (regrade through PATCH /live_services/{id})");
    const data = state.updateOutmail(req.params.id, {
      password: stringField(fields, "password"),
      whmcs_serviceid: stringField(fields, "whmcs_serviceid"),
    });
    res.json({ meta: { success: true }, data });
  });

  router.use((req, res) => {
    sendPartnerError(req, res, 404, "NotFound", `No Partner API route ${req.method} ${requestPath(req)}.`);
  });

  const onError = errorHandler(sendPartnerError);
  router.use(onError);
  return router;
}
