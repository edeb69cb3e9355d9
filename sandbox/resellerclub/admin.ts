import { Router } from "express";

import { HttpError, isRecord } from "../core/http";
import type { ResellerClubState } from "./state";

/**
 * `/__sandbox/resellerclub/...`: inspect orders, mail accounts (no passwords) and customers, delete a
 * mail account as the control panel would (drift), and switch an order's free email off and on.
 */
export function resellerClubAdminRouter(state: ResellerClubState): Router {
  const router = Router();

  router.get("/state", (_req, res) => {
    res.json(state.snapshot());
  });

  // What the control panel's delete does (drift): the account is gone, whoever made it.
  router.delete("/mail-users/:orderId/:email", (req, res) => {
    state.deleteUser({ "order-id": [req.params.orderId], email: [req.params.email] });
    res.json({ removed: req.params.email.toLowerCase() });
  });

  // An order whose free email is not activated (LogicBoxes' "You need to activate your FREE Email
  // Services…"), and its activation.
  router.put("/orders/:orderId/mail", (req, res) => {
    const body: unknown = req.body;
    const orderId = Number(req.params.orderId);
    if (!isRecord(body) || typeof body.activated !== "boolean" || !/^\d{1,15}$/.test(req.params.orderId)) {
      throw new HttpError(
        400,
        "BadRequest",
        'Expected /orders/<order id>/mail and a JSON body {"activated": true|false}.',
      );
    }
    try {
      state.setFreeMailActivated(orderId, body.activated);
    } catch (err) {
      throw new HttpError(404, "NotFound", (err as Error).message);
    }
    res.json({ orderId, mailActivated: body.activated });
  });

  return router;
}
