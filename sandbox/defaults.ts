/** The sandbox's defaults: its address and the fake credentials every vendor API accepts. */

/** The sandbox only ever listens here: it has no auth on its admin API and fake credentials on the rest. */
export const SANDBOX_HOST = "127.0.0.1";
export const DEFAULT_SANDBOX_PORT = 8787;
export const DEFAULT_PARTNER_ID = "sandbox-partner";
export const DEFAULT_PARTNER_API_KEY = "sandbox-partner-key";
export const DEFAULT_PARTNER_CREDITS = 1000;
export const DEFAULT_MAILUP_CLIENT_ID = "sandbox-mailup-client";
export const DEFAULT_MAILUP_CLIENT_SECRET = "sandbox-mailup-secret";
export const DEFAULT_MAILUP_USERNAME = "sandbox-retailer";
export const DEFAULT_MAILUP_PASSWORD = "sandbox-retailer-password";
/** Status polls answering Processing before an activation ends; profile-change PUTs answering 202 first. */
export const DEFAULT_MAILUP_ACTIVATION_POLLS = 2;
export const DEFAULT_MAILUP_TOKEN_TTL_SECONDS = 3600;
/** The reseller id (`auth-userid`); the docs type it Integer. */
export const DEFAULT_RESELLERCLUB_AUTH_USERID = "123456";
export const DEFAULT_RESELLERCLUB_API_KEY = "sandbox-resellerclub-key";
export const DEFAULT_MAILPARTNER_API_KEY = "sandbox-mailpartner-key";
/** The MailPartner parent account's starting balance, in euros. */
export const DEFAULT_MAILPARTNER_BALANCE = 100;
