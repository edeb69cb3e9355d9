import type { SandboxVendor } from "../core/vendor";
import { mailPartnerAdminRouter } from "./admin";
import { MAILPARTNER_PREFIX, mailPartnerApiRouter, sendMailPartnerError } from "./routes";
import { MailPartnerState, type MailPartnerStateOptions } from "./state";

export { MAILPARTNER_PREFIX } from "./routes";
export { MAILPARTNER_PARENT_EMAIL, MailPartnerState } from "./state";
export type { SeedSubaccount, SubaccountView } from "./state";

/** The name in the request log, in fault rules and under `/__sandbox/mailpartner`. */
export const MAILPARTNER_VENDOR = "mailpartner";

/** The MailPartner API vendor (sub-accounts), with its state exposed for in-process tests. */
export function createMailPartnerVendor(
  options: MailPartnerStateOptions,
): SandboxVendor & { state: MailPartnerState } {
  const state = new MailPartnerState(options);
  return {
    name: MAILPARTNER_VENDOR,
    prefix: MAILPARTNER_PREFIX,
    state,
    router: mailPartnerApiRouter(state),
    adminRouter: mailPartnerAdminRouter(state),
    sendError: sendMailPartnerError,
    reset: () => state.reset(),
    ledger: () => state.ledger(),
  };
}
