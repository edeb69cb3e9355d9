import { Router } from "express";

import { HttpError, isRecord } from "../core/http";
import type { MailUpState } from "./state";

/**
 * `/__sandbox/mailup/...`: inspect the retailer, run the month end, expire tokens, take domains, and
 * change a pack quantity as the MailUp console would (drift).
 */
export function mailUpAdminRouter(state: MailUpState): Router {
  const router = Router();

  router.get("/state", (_req, res) => {
    res.json(state.snapshot());
  });

  router.post("/month-end", (_req, res) => {
    res.json({ applied: state.monthEnd() });
  });

  router.post("/tokens/expire", (_req, res) => {
    res.json({ expired: state.expireTokens() });
  });

  router.post("/domains", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.domain !== "string") {
      throw new HttpError(400, "BadRequest", 'Expected a JSON body {"domain": "<hostname>"}.');
    }
    state.reserveDomain(body.domain);
    res.status(201).json({ reserved: body.domain.trim().toLowerCase() });
  });

  router.put("/accounts/:idAccount/packs/:idPack", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.quantity !== "number") {
      throw new HttpError(400, "BadRequest", 'Expected a JSON body {"quantity": <number>}.');
    }
    res.json(state.setPackFromConsole(req.params.idAccount, req.params.idPack, body.quantity));
  });

  return router;
}
