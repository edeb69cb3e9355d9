import { Router } from "express";

import type { ResellerClubState } from "./state";

/** `/__sandbox/resellerclub/...`: inspect orders, mail accounts (no passwords) and customers. */
export function resellerClubAdminRouter(state: ResellerClubState): Router {
  const router = Router();

  router.get("/state", (_req, res) => {
    res.json(state.snapshot());
  });

  return router;
}
