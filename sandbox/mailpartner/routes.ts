import { type ErrorRequestHandler, type Request, Router } from "express";

import { type ErrorSender, HttpError, errorHandler, isRecord, requestPath } from "../core/http";
import { type MailPartnerFields, MailPartnerFailure, type MailPartnerState } from "./state";

/** Stands for the docs' `https://api.mailpartner.fr/v1`. */
export const MAILPARTNER_PREFIX = "/mailpartner/v1";

/**
 * MailPartner's error body `{"success":false,"code","message"}`. Its own failures come with HTTP 200 (see
 * the router); this renders the others (unknown route, injected faults, unreadable bodies) with their
 * status, the status doubling as the code.
 */
export const sendMailPartnerError: ErrorSender = (_req, res, status, _name, message) => {
  res.status(status).json({ success: false, code: status, message });
};

/** The vendor's own failures: HTTP 200, `success: false`, its code and French text, as the docs show. */
const sendMailPartnerFailure: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (err instanceof MailPartnerFailure) {
    res.status(200).json({ success: false, code: err.code, message: err.message });
    return;
  }
  next(err);
};

/** JSON or form body over the query string: the docs send POST fields in the body, GET ones in the query. */
function fields(req: Request): MailPartnerFields {
  const merged: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(req.query)) if (typeof value === "string") merged[name] = value;
  const body: unknown = req.body;
  if (isRecord(body)) Object.assign(merged, body);
  return merged;
}

/**
 * The docs offer `_format=json` (the default) or `xml`. The sandbox only speaks JSON, and answering JSON to
 * a client that asked for XML would hide the mismatch, so anything else is refused as not implemented.
 */
function jsonOnly(req: Request): void {
  const format = fields(req)._format;
  if (format === undefined || (typeof format === "string" && format.toLowerCase() === "json")) return;
  throw new HttpError(501, "NotImplemented", "The sandbox answers _format=json only.");
}

/** The MailPartner API's sub-account calls, relative to MAILPARTNER_PREFIX. No delete and no update exist. */
export function mailPartnerApiRouter(state: MailPartnerState): Router {
  const router = Router();

  router.post("/subaccount/create", (req, res) => {
    jsonOnly(req);
    res.json(state.create(fields(req)));
  });
  router.get("/subaccount/list", (req, res) => {
    jsonOnly(req);
    res.json(state.list(fields(req)));
  });
  router.post("/subaccount/credit/add", (req, res) => {
    jsonOnly(req);
    res.json(state.addCredit(fields(req)));
  });

  router.use((req, res) => {
    sendMailPartnerError(
      req,
      res,
      404,
      "NotFound",
      `No MailPartner API route ${req.method} ${requestPath(req)}.`,
    );
  });
  router.use(sendMailPartnerFailure);
  router.use(errorHandler(sendMailPartnerError));
  return router;
}
