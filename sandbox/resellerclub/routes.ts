import { type Request, Router } from "express";

import { type ErrorSender, errorHandler, isRecord, requestPath } from "../core/http";
import type { ResellerClubParams } from "./params";
import type { ResellerClubState } from "./state";

/** Stands for the docs' `https://test.httpapi.com/api`. */
export const RESELLERCLUB_PREFIX = "/resellerclub/api";

/**
 * LogicBoxes' two error bodies. A mail call's refusal is HTTP 200 with
 * `{"response":{"status":"FAILURE","message","errorCode"}}` (the state throws those with status 200);
 * everything else (auth 403, customers and billing 500, unknown routes, faults) is the platform's
 * top-level `{"status":"ERROR","message"}`. The message never holds a parameter value of `api-key` or a
 * password: only the state's own texts and the request path (no query string) reach it.
 */
export const sendResellerClubError: ErrorSender = (_req, res, status, name, message) => {
  if (status === 200) {
    const failure = name === "" ? { message } : { message, errorCode: name };
    res.status(200).json({ response: { status: "FAILURE", ...failure } });
    return;
  }
  res.status(status).json({ status: "ERROR", message });
};

function values(raw: unknown): string[] {
  if (typeof raw === "string") return [raw];
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === "string");
  return [];
}

/**
 * Query string and form body merged: LogicBoxes reads parameters from either. A name in the body
 * replaces the same name in the query, so credentials sent both ways do not count as "given twice".
 */
function params(req: Request): ResellerClubParams {
  const merged: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(req.query)) merged[name] = values(raw);
  const body: unknown = req.body;
  if (isRecord(body)) {
    for (const [name, raw] of Object.entries(body)) {
      merged[name] = typeof raw === "number" ? [String(raw)] : values(raw);
    }
  }
  return merged;
}

/** The ResellerClub HTTP API, relative to RESELLERCLUB_PREFIX. Auth comes before routing. */
export function resellerClubApiRouter(state: ResellerClubState): Router {
  const router = Router();

  router.use((req, _res, next) => {
    state.authenticate(params(req));
    next();
  });

  router.post("/mail/user/add.json", (req, res) => {
    res.json(state.addUser(params(req)));
  });
  router.post("/mail/user/add-forward-only-account.json", (req, res) => {
    res.json(state.addForwardOnlyAccount(params(req)));
  });
  router.post("/mail/user/modify.json", (req, res) => {
    res.json(state.modifyUser(params(req)));
  });
  router.post("/mail/user/change-password.json", (req, res) => {
    res.json(state.changePassword(params(req)));
  });
  router.post("/mail/user/add-admin-forwards.json", (req, res) => {
    res.json(state.addForwards(params(req), "admin"));
  });
  router.post("/mail/user/delete-admin-forwards.json", (req, res) => {
    res.json(state.deleteForwards(params(req), "admin"));
  });
  router.post("/mail/user/add-user-forwards.json", (req, res) => {
    res.json(state.addForwards(params(req), "user"));
  });
  router.post("/mail/user/delete-user-forwards.json", (req, res) => {
    res.json(state.deleteForwards(params(req), "user"));
  });
  router.post("/mail/user/delete.json", (req, res) => {
    res.json(state.deleteUser(params(req)));
  });
  router.get("/mail/user.json", (req, res) => {
    res.json(state.getUser(params(req)));
  });
  router.get("/mail/users/search.json", (req, res) => {
    res.json(state.searchUsers(params(req)));
  });

  router.get("/customers/details-by-id.json", (req, res) => {
    res.json(state.customerDetails(params(req)));
  });
  router.get("/mock/products/reseller-price.json", (_req, res) => {
    res.type("application/json").send(state.resellerPrice());
  });
  router.get("/billing/customer-transactions/search.json", (req, res) => {
    res.json(state.searchTransactions(params(req), false));
  });
  router.get("/billing/customer-archived-transactions/search.json", (req, res) => {
    res.json(state.searchTransactions(params(req), true));
  });

  router.use((req, res) => {
    sendResellerClubError(
      req,
      res,
      404,
      "NotFound",
      `No ResellerClub API route ${req.method} ${requestPath(req)}.`,
    );
  });
  router.use(errorHandler(sendResellerClubError));
  return router;
}
