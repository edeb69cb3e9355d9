/**
 * How to point pulumi-mailreseller at a running sandbox: the `mailreseller:*` stack config (for programs
 * run by the CLI) and the same settings as MAILRESELLER_* environment variables (for the import-plan
 * command and in-process provider calls). One place for scripts, benchmarks and tests.
 */
import {
  DEFAULT_MAILPARTNER_API_KEY,
  DEFAULT_MAILUP_CLIENT_ID,
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_PASSWORD,
  DEFAULT_MAILUP_USERNAME,
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_ID,
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
} from "./defaults";
import { MAILPARTNER_PREFIX } from "./mailpartner";

/** A stack config entry, as run-stack's `--config-file` and the engine tests take them. */
export type StackConfigEntry = { value: string; secret?: boolean };

/** The provider's settings for a sandbox at `url` with its default credentials, secrets marked. */
export function sandboxSettings(url: string): Record<string, StackConfigEntry> {
  return {
    partnerApiUrl: { value: `${url}/partner/api-v1` },
    partnerId: { value: DEFAULT_PARTNER_ID },
    partnerApiKey: { value: DEFAULT_PARTNER_API_KEY, secret: true },
    mailupApiUrl: { value: `${url}/mailup/API/v1.1/Rest/RetailerService.svc` },
    mailupTokenUrl: { value: `${url}/mailup/Authorization/OAuth/Token` },
    mailupClientId: { value: DEFAULT_MAILUP_CLIENT_ID },
    mailupClientSecret: { value: DEFAULT_MAILUP_CLIENT_SECRET, secret: true },
    mailupUsername: { value: DEFAULT_MAILUP_USERNAME },
    mailupPassword: { value: DEFAULT_MAILUP_PASSWORD, secret: true },
    resellerclubApiUrl: { value: `${url}/resellerclub/api` },
    resellerclubAuthUserId: { value: DEFAULT_RESELLERCLUB_AUTH_USERID },
    resellerclubApiKey: { value: DEFAULT_RESELLERCLUB_API_KEY, secret: true },
    mailpartnerApiUrl: { value: `${url}${MAILPARTNER_PREFIX}` },
    mailpartnerApiKey: { value: DEFAULT_MAILPARTNER_API_KEY, secret: true },
  };
}

/** `mailreseller:*` stack config for every vendor of the sandbox at `url`. */
export function sandboxStackConfig(url: string): Record<string, StackConfigEntry> {
  return Object.fromEntries(Object.entries(sandboxSettings(url)).map(([k, v]) => [`mailreseller:${k}`, v]));
}
