import type { SandboxVendor } from "../core/vendor";
import { partnerAdminRouter } from "./admin";
import { PARTNER_PREFIX, partnerApiRouter, sendPartnerError } from "./routes";
import { PartnerState } from "./state";

export { PARTNER_PREFIX } from "./routes";
export { PartnerState } from "./state";

export const PARTNER_VENDOR = "partner";

export interface PartnerVendorOptions {
  partnerId: string;
  partnerApiKey: string;
  credits: number;
}

/** The outMail Partner API vendor, with its state exposed for in-process tests. */
export function createPartnerVendor(options: PartnerVendorOptions): SandboxVendor & { state: PartnerState } {
  const state = new PartnerState({ partnerId: options.partnerId, credits: options.credits });
  return {
    name: PARTNER_VENDOR,
    prefix: PARTNER_PREFIX,
    state,
    router: partnerApiRouter({ state, partnerApiKey: options.partnerApiKey }),
    adminRouter: partnerAdminRouter(state),
    sendError: sendPartnerError,
    reset: () => state.reset(),
    ledger: () => state.ledger(),
  };
}
