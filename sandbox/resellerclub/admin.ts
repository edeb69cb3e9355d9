import { Router } from "express";

import type { ResellerClubState } from "./state";

/**
 * `/__sandbox/resellerclub/...`: inspect orders, mail accounts (no passwords) and customers, and delete
 * a mail account as the control panel would (drift).
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

  return router;
}
