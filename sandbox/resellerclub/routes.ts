import { type Request, Router } from "express";

import { type ErrorSender, errorHandler, isRecord, requestPath } from "../core/http";
import type { ResellerClubParams, ResellerClubState } from "./state";

/** Stands for the docs' `https://test.httpapi.com/api`. */
export const RESELLERCLUB_PREFIX = "/resellerclub/api";

/**
 * LogicBoxes' error body `{"status":"ERROR","message"}` with whatever status the failure carries (200 for
 * mail calls, 500 for customers and billing, 403 for auth). The message never holds a parameter value of
 * `api-key` or a password: only the state's own texts and the request path (no query string) reach it.
 */
export const sendResellerClubError: ErrorSender = (_req, res, status, _name, message) => {
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
  router.post("/mail/user/add-user-forwards.json", (req, res) => {
    res.json(state.addUserForwards(params(req)));
  });
  router.post("/mail/user/delete-user-forwards.json", (req, res) => {
    res.json(state.deleteUserForwards(params(req)));
  });
  router.post("/mail/user/delete.json", (req, res) => {
    res.json(state.deleteUser(params(req)));
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
