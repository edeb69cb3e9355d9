import type { SandboxVendor } from "../core/vendor";
import { resellerClubAdminRouter } from "./admin";
import { RESELLERCLUB_PREFIX, resellerClubApiRouter, sendResellerClubError } from "./routes";
import { ResellerClubState, type ResellerClubStateOptions } from "./state";

export { RESELLERCLUB_PREFIX } from "./routes";
export { DEFAULT_ORDERS as DEFAULT_RESELLERCLUB_ORDERS, RESELLER_PRICE_SAMPLE } from "./seed";
export { ResellerClubState, parseResellerClubOrder } from "./state";
export type { ResellerClubOrder, ResellerClubStateOptions } from "./state";

export const RESELLERCLUB_VENDOR = "resellerclub";

/** The ResellerClub (LogicBoxes) HTTP API vendor, with its state exposed for in-process tests. */
export function createResellerClubVendor(
  options: ResellerClubStateOptions,
): SandboxVendor & { state: ResellerClubState } {
  const state = new ResellerClubState(options);
  return {
    name: RESELLERCLUB_VENDOR,
    prefix: RESELLERCLUB_PREFIX,
    state,
    router: resellerClubApiRouter(state),
    adminRouter: resellerClubAdminRouter(state),
    sendError: sendResellerClubError,
    reset: () => state.reset(),
    ledger: () => state.ledger(),
  };
}
