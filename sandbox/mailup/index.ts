import type { SandboxVendor } from "../core/vendor";
import { mailUpAdminRouter } from "./admin";
import { MAILUP_PREFIX, mailUpApiRouter, sendMailUpError } from "./routes";
import { MailUpState, type MailUpStateOptions } from "./state";

export { MAILUP_PREFIX, MAILUP_REST_PATH, MAILUP_TOKEN_PATH } from "./routes";
export { MailUpState } from "./state";
export type { MailUpStateOptions } from "./state";

export const MAILUP_VENDOR = "mailup";

/** The MailUp Retailer Service vendor (REST API and OAuth2 token endpoint), with its state for tests. */
export function createMailUpVendor(options: MailUpStateOptions): SandboxVendor & { state: MailUpState } {
  const state = new MailUpState(options);
  return {
    name: MAILUP_VENDOR,
    prefix: MAILUP_PREFIX,
    state,
    router: mailUpApiRouter(state),
    adminRouter: mailUpAdminRouter(state),
    sendError: sendMailUpError,
    reset: () => state.reset(),
    ledger: () => state.ledger(),
  };
}
