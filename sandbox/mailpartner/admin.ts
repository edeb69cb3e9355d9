import { Router } from "express";

import { HttpError, isRecord } from "../core/http";
import type { MailPartnerState, SubaccountType } from "./state";

function optionalText(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new HttpError(400, "BadRequest", `${name} must be a string.`);
  return value;
}

/**
 * `/__sandbox/mailpartner/...`: inspect sub-accounts (never their tokens), set the parent's balance, and
 * do what only MailPartner's dashboard can: seed an existing sub-account, remove one.
 */
export function mailPartnerAdminRouter(state: MailPartnerState): Router {
  const router = Router();

  router.get("/state", (_req, res) => {
    res.json(state.snapshot());
  });

  router.put("/balance", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.balance !== "number") {
      throw new HttpError(400, "BadRequest", 'Expected a JSON body {"balance": <euros >= 0>}.');
    }
    try {
      state.setBalance(body.balance);
    } catch (err) {
      throw new HttpError(400, "BadRequest", (err as Error).message);
    }
    res.json({ balance: state.balance });
  });

  router.post("/subaccounts", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || (body.type !== "simple" && body.type !== "advanced")) {
      throw new HttpError(400, "BadRequest", 'Expected a JSON body {"type": "simple" | "advanced", ...}.');
    }
    if (body.credit !== undefined && typeof body.credit !== "number") {
      throw new HttpError(400, "BadRequest", "credit must be a number.");
    }
    try {
      const created = state.seedSubaccount({
        type: body.type as SubaccountType,
        email: optionalText(body, "email"),
        isBuyer: body.isBuyer === true || body.isBuyer === 1,
        title: optionalText(body, "title"),
        firstname: optionalText(body, "firstname"),
        lastname: optionalText(body, "lastname"),
        credit: body.credit,
      });
      res.status(201).json(created);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, "BadRequest", (err as Error).message);
    }
  });

  router.delete("/subaccounts/:email", (req, res) => {
    if (!state.removeSubaccount(req.params.email)) {
      throw new HttpError(404, "NotFound", `No sub-account ${req.params.email}.`);
    }
    res.json({ removed: req.params.email.toLowerCase() });
  });

  return router;
}
