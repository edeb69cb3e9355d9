import { Router } from "express";

import { HttpError, isRecord } from "../core/http";
import type { PartnerState } from "./state";

/** `/__sandbox/partner/...`: inspect the account and set the balance (for the 405 paths). */
export function partnerAdminRouter(state: PartnerState): Router {
  const router = Router();

  router.get("/state", (_req, res) => {
    res.json(state.snapshot());
  });

  router.post("/credits", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.credits !== "number") {
      throw new HttpError(400, "BadRequest", 'Expected a JSON body {"credits": <number >= 0>}.');
    }
    state.setCredits(body.credits);
    res.json({ partner_credits: state.partnerCredits });
  });

  return router;
}
