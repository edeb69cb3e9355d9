import { type ErrorRequestHandler, type Request, type Response, Router } from "express";

import { type ErrorSender, HttpError, errorHandler, isRecord, requestPath } from "../core/http";
import type { PageRequest } from "./catalogue";
import { MailUpResultError, OAuthError } from "./errors";
import type { TokenRequest } from "./oauth";
import type { MailUpState } from "./state";

/** Everything MailUp lives under this prefix; the two real hosts' paths follow it unchanged. */
export const MAILUP_PREFIX = "/mailup";
/** `https://services.mailup.com/API/v1.1/Rest/RetailerService.svc` in the docs. */
export const MAILUP_REST_PATH = "/API/v1.1/Rest/RetailerService.svc";
export const MAILUP_TOKEN_PATH = "/Authorization/OAuth/Token";

function oauthErrorFor(status: number): string {
  if (status === 401) return "invalid_client";
  if (status === 429 || status === 503) return "temporarily_unavailable";
  return status >= 500 ? "server_error" : "invalid_request";
}

function isTokenRequest(req: Request): boolean {
  return requestPath(req).toLowerCase().endsWith(MAILUP_TOKEN_PATH.toLowerCase());
}

/**
 * The REST error body `{"ErrorCode","ErrorDescription","ErrorName","ErrorStack"}`; on the token endpoint
 * RFC 6749's `{"error","error_description"}` instead, so an OAuth client reads injected faults too.
 */
export const sendMailUpError: ErrorSender = (req, res, status, name, message) => {
  if (isTokenRequest(req)) {
    res.status(status).json({ error: oauthErrorFor(status), error_description: message });
    return;
  }
  res.status(status).json({
    ErrorCode: String(status),
    ErrorDescription: message,
    ErrorName: name,
    ErrorStack: null,
  });
};

function body(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return isRecord(b) ? b : {};
}

/** .NET binds query parameters case-insensitively, so `pagesize` works as well as `PageSize`. */
function queryField(req: Request, name: string): string | undefined {
  const key = Object.keys(req.query).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return undefined;
  const value = req.query[key];
  if (typeof value === "string") return value;
  throw new HttpError(400, "BadRequest", `${name}: give the query parameter once, as a plain value.`);
}

function paging(req: Request): PageRequest {
  return { PageSize: queryField(req, "PageSize"), PageNumber: queryField(req, "PageNumber") };
}

function formField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === "string" ? value : undefined;
}

/** RFC 6749 form-encodes Basic client credentials; a malformed escape is kept as sent (and fails). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** RFC 6749 lets clients send their credentials as HTTP Basic instead of form fields. */
function tokenRequest(req: Request): TokenRequest {
  const fields = body(req);
  const request: TokenRequest = {
    grant_type: formField(fields, "grant_type"),
    client_id: formField(fields, "client_id"),
    client_secret: formField(fields, "client_secret"),
    username: formField(fields, "username"),
    password: formField(fields, "password"),
    refresh_token: formField(fields, "refresh_token"),
  };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? "");
  if (match !== null && request.client_id === undefined) {
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon !== -1) {
      request.client_id = formDecode(decoded.slice(0, colon));
      request.client_secret = formDecode(decoded.slice(colon + 1));
    }
  }
  return request;
}

function externalUserId(res: Response): string {
  const id: unknown = res.locals.externalUserId;
  if (typeof id !== "string") throw new Error("MailUp route reached without authentication.");
  return id;
}

/** Renders results and OAuth failures in their own shapes, everything else as the REST error body. */
function mailUpErrorHandler(): ErrorRequestHandler {
  const fallback = errorHandler(sendMailUpError);
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof MailUpResultError) {
      res.status(err.status).json({ Code: err.resultCode, Description: err.message });
      return;
    }
    if (err instanceof OAuthError) {
      if (err.status === 401) res.setHeader("WWW-Authenticate", 'Basic realm="MailUp"');
      res.status(err.status).json({ error: err.code, error_description: err.message });
      return;
    }
    if (err instanceof HttpError && err.status === 401) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="MailUp", error="invalid_token"');
    }
    fallback(err, req, res, next);
  };
}

/** The Retailer Service, relative to MAILUP_REST_PATH. Every route needs a valid bearer token. */
function restRouter(state: MailUpState): Router {
  const router = Router();

  router.use((req, res, next) => {
    res.locals.externalUserId = state.authenticate(req.headers.authorization);
    next();
  });

  router.get("/Management/Profile", (req, res) => {
    res.json(state.listProfiles(paging(req)));
  });
  router.get("/Management/Profile/:idProfile/Pack", (req, res) => {
    res.json(state.listPacks(req.params.idProfile, paging(req)));
  });
  router.get("/Management/Profile/:idProfile/Lang", (req, res) => {
    res.json(state.listLanguages(req.params.idProfile, paging(req)));
  });

  router.post("/Account/Activation/Profile/:idProfile/Language/:lang", (req, res) => {
    const { idProfile, lang } = req.params;
    res.json(state.activate(externalUserId(res), idProfile, lang, body(req)));
  });
  router.get("/Account/Activation/:idActivation/Status", (req, res) => {
    const status = state.activationStatus(externalUserId(res), req.params.idActivation);
    // The docs: "HTTP/1.1 201 Accepted" while processing, 200 once done.
    res.status(status.Code === 1 ? 201 : 200).json(status);
  });

  router.get("/Account/:idAccount/Status", (req, res) => {
    res.json(state.accountStatus(externalUserId(res), req.params.idAccount));
  });
  router.put("/Account/:idAccount", (req, res) => {
    res.json(state.setEnabled(externalUserId(res), req.params.idAccount, queryField(req, "Enable")));
  });
  router.delete("/Account/:idAccount", (req, res) => {
    state.deleteAccount(externalUserId(res), req.params.idAccount);
    res.json({});
  });
  router.put("/Account/:idAccount/Profile/:idProfile", (req, res) => {
    const { idAccount, idProfile } = req.params;
    res.status(state.changeProfile(externalUserId(res), idAccount, idProfile)).json({});
  });
  router.post("/Account/:idAccount/Pack/:idPack", (req, res) => {
    const { idAccount, idPack } = req.params;
    res.json(state.setPack(externalUserId(res), idAccount, idPack, body(req)));
  });

  router.use((req, res) => {
    sendMailUpError(req, res, 404, "NotFound", `No MailUp route ${req.method} ${requestPath(req)}.`);
  });
  return router;
}

/** The MailUp vendor, relative to MAILUP_PREFIX: the OAuth2 token endpoint and the REST API. */
export function mailUpApiRouter(state: MailUpState): Router {
  const router = Router();

  router.post(MAILUP_TOKEN_PATH, (req, res) => {
    // Tokens must never be cached by anything between the client and us.
    res.setHeader("Cache-Control", "no-store");
    res.json(state.issueToken(tokenRequest(req)));
  });
  router.all(MAILUP_TOKEN_PATH, (req, res) => {
    res.setHeader("Allow", "POST");
    sendMailUpError(req, res, 405, "MethodNotAllowed", "The token endpoint only accepts POST.");
  });

  router.use(MAILUP_REST_PATH, restRouter(state));

  router.use((req, res) => {
    sendMailUpError(req, res, 404, "NotFound", `No MailUp route ${req.method} ${requestPath(req)}.`);
  });
  router.use(mailUpErrorHandler());
  return router;
}
