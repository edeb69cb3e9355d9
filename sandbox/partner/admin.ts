import { Router } from "express";

import { HttpError, isRecord } from "../core/http";
import type { PartnerState } from "./state";

/** The named fields of an admin body, each a string when given; anything else is 400. */
function textFields<K extends string>(
  body: unknown,
  allowed: readonly K[],
  expected: string,
): Partial<Record<K, string>> {
  if (!isRecord(body)) throw new HttpError(400, "BadRequest", `Expected a JSON body ${expected}.`);
  const extra = Object.keys(body).filter((k) => !(allowed as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw new HttpError(
      400,
      "BadRequest",
      `Unknown field ${extra.join(", ")}: expected a JSON body ${expected}.`,
    );
  }
  const out: Partial<Record<K, string>> = {};
  for (const name of allowed) {
    const value = body[name];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new HttpError(400, "BadRequest", `${name} must be a string.`);
    out[name] = value;
  }
  return out;
}

/**
 * `/__sandbox/partner/...`: inspect the account, set the balance (for the 405 paths), and do what the
 * portal or Prolateral would: buy a live service in the portal, regrade or suspend one (drift), suspend
 * one "by the system" (abuse, billing).
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

  // A live service bought in the portal, not through the API: test setup, nothing charged.
  router.post("/live_services", (req, res) => {
    const expected = '{"product", "tariff_service_name", "client_id"}';
    const fields = textFields(req.body, ["product", "tariff_service_name", "client_id"], expected);
    const { product, tariff_service_name, client_id } = fields;
    if (product === undefined || tariff_service_name === undefined || client_id === undefined) {
      throw new HttpError(400, "BadRequest", `Expected a JSON body ${expected}, all three strings.`);
    }
    res.status(201).json(state.addPortalLiveService({ product, tariff_service_name, client_id }));
  });

  // The portal's regrade and un/suspension (drift), and Prolateral's suspension (`suspended_by: "system"`):
  // regrades follow the API's rules and credits, but are not made by us.
  router.patch("/live_services/:id", (req, res) => {
    const fields = textFields(
      req.body,
      ["tariff_service_name", "status", "suspended_by"],
      '{"tariff_service_name"?, "status"?: "active" | "suspended", "suspended_by"?: "system" | "partner"} with at least one field',
    );
    res.json(state.portalUpdateLiveService(req.params.id, fields));
  });

  return router;
}
