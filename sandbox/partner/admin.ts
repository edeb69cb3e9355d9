import { Router } from "express";

import { HttpError, isRecord } from "../core/http";
import type { PartnerState } from "./state";

/**
 * `/__sandbox/partner/...`: inspect the account, set the balance (for the 405 paths), and regrade a live
 * service as the portal would (drift).
 */
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

  // The portal's regrade (drift): the same rules and credits as the API's PATCH, but not made by us.
  router.patch("/live_services/:id", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.tariff_service_name !== "string") {
      throw new HttpError(400, "BadRequest", 'Expected a JSON body {"tariff_service_name": "<tariff>"}.');
    }
    res.json(state.updateLiveService(req.params.id, { tariff_service_name: body.tariff_service_name }));
  });

  return router;
}
