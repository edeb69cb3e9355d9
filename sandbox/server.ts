import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import express from "express";

import {
  SANDBOX_HOST,
  DEFAULT_SANDBOX_PORT,
  DEFAULT_PARTNER_ID,
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_CREDITS,
  DEFAULT_MAILUP_CLIENT_ID,
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_USERNAME,
  DEFAULT_MAILUP_PASSWORD,
  DEFAULT_MAILUP_ACTIVATION_POLLS,
  DEFAULT_MAILUP_TOKEN_TTL_SECONDS,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_MAILPARTNER_API_KEY,
  DEFAULT_MAILPARTNER_BALANCE,
} from "./defaults";
import { ADMIN_PREFIX, createAdminRouter, sendAdminError } from "./core/admin";
import { FaultInjector } from "./core/faults";
import { parseBodies, requestPath } from "./core/http";
import { RequestLog, type RequestLogEntry, formatEntry } from "./core/request-log";
import type { SandboxVendor } from "./core/vendor";
import { MailPartnerState, createMailPartnerVendor } from "./mailpartner";
import { MailUpState, createMailUpVendor } from "./mailup";
import { PartnerState, createPartnerVendor } from "./partner";
import {
  DEFAULT_RESELLERCLUB_ORDERS,
  type ResellerClubOrder,
  ResellerClubState,
  createResellerClubVendor,
} from "./resellerclub";

export type { ActiveFault, FaultKind, FaultRule } from "./core/faults";
export { FaultInjector, FaultRuleError } from "./core/faults";
export type { RequestLogEntry } from "./core/request-log";
export { RequestLog } from "./core/request-log";
export { PartnerState } from "./partner";
export { PARTNER_PREFIX } from "./partner";
export { MAILPARTNER_PARENT_EMAIL, MAILPARTNER_PREFIX, MailPartnerState } from "./mailpartner";
export type { SeedSubaccount, SubaccountView } from "./mailpartner";
export { MailUpState } from "./mailup";
export { MAILUP_PREFIX, MAILUP_REST_PATH, MAILUP_TOKEN_PATH } from "./mailup";
export {
  DEFAULT_RESELLERCLUB_ORDERS,
  RESELLERCLUB_PREFIX,
  RESELLER_PRICE_SAMPLE,
  ResellerClubState,
  parseResellerClubOrder,
} from "./resellerclub";
export type { ResellerClubOrder } from "./resellerclub";

export * from "./defaults";
export { sandboxSettings, sandboxStackConfig } from "./provider-config";
export type { StackConfigEntry } from "./provider-config";

export interface SandboxOptions {
  /** Default DEFAULT_SANDBOX_PORT (8787); 0 picks a free port. */
  port?: number;
  /** Partner API Basic-auth user. Default DEFAULT_PARTNER_ID. */
  partnerId?: string;
  /** Partner API Basic-auth password. Default DEFAULT_PARTNER_API_KEY. */
  partnerApiKey?: string;
  /** Starting partner credit balance. Default DEFAULT_PARTNER_CREDITS. */
  partnerCredits?: number;
  /** MailUp OAuth2 client_id. Default DEFAULT_MAILUP_CLIENT_ID. */
  mailupClientId?: string;
  /** MailUp OAuth2 client_secret. Default DEFAULT_MAILUP_CLIENT_SECRET. */
  mailupClientSecret?: string;
  /** MailUp retailer username (password grant); it is the ExternalUserId. Default DEFAULT_MAILUP_USERNAME. */
  mailupUsername?: string;
  /** MailUp retailer password (password grant). Default DEFAULT_MAILUP_PASSWORD. */
  mailupPassword?: string;
  /**
   * How many activation-status polls answer Processing before the activation ends, and how many
   * profile-change PUTs answer 202 before the 200. Default DEFAULT_MAILUP_ACTIVATION_POLLS (2).
   */
  mailupActivationPolls?: number;
  /** Access-token lifetime in seconds. Default DEFAULT_MAILUP_TOKEN_TTL_SECONDS (3600). */
  mailupTokenTtlSeconds?: number;
  /** ResellerClub `auth-userid` (digits). Default DEFAULT_RESELLERCLUB_AUTH_USERID. */
  resellerclubAuthUserId?: string;
  /** ResellerClub `api-key`. Default DEFAULT_RESELLERCLUB_API_KEY. */
  resellerclubApiKey?: string;
  /**
   * The orders mail users can be added to. Default DEFAULT_RESELLERCLUB_ORDERS: `0:domainname.com` (the
   * docs' example) and `1001:customer.example`. Given, it replaces the defaults.
   */
  resellerclubOrders?: readonly ResellerClubOrder[];
  /** MailPartner `apiKey`. Default DEFAULT_MAILPARTNER_API_KEY. */
  mailpartnerApiKey?: string;
  /** The MailPartner parent account's balance in euros (≤ 2 decimals). Default DEFAULT_MAILPARTNER_BALANCE. */
  mailpartnerBalance?: number;
  /** When false (the default), one line per vendor request goes to stderr. */
  quiet?: boolean;
}

export interface Sandbox {
  /** e.g. `http://127.0.0.1:41234`; a vendor's base URL is this plus its prefix. */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  /** A copy of the request log, oldest first (what `GET /__sandbox/requests` returns). */
  readonly requests: RequestLogEntry[];
  readonly partner: PartnerState;
  readonly mailup: MailUpState;
  readonly resellerclub: ResellerClubState;
  readonly mailpartner: MailPartnerState;
  /** Every vendor back to its seed, no fault rules, empty request log. */
  reset(): void;
  /** What `GET /__sandbox/ledger` answers: per vendor, every billable object and the money moved. */
  ledger(): Record<string, unknown>;
  /** Stops listening and destroys open keep-alive sockets, so callers are not held up by idle clients. */
  close(): Promise<void>;
}

/** The four simulated vendors, built from the options (their state, routers and error shapes). */
export function sandboxVendors(options: SandboxOptions = {}) {
  const partner = createPartnerVendor({
    partnerId: options.partnerId ?? DEFAULT_PARTNER_ID,
    partnerApiKey: options.partnerApiKey ?? DEFAULT_PARTNER_API_KEY,
    credits: options.partnerCredits ?? DEFAULT_PARTNER_CREDITS,
  });
  const mailup = createMailUpVendor({
    clientId: options.mailupClientId ?? DEFAULT_MAILUP_CLIENT_ID,
    clientSecret: options.mailupClientSecret ?? DEFAULT_MAILUP_CLIENT_SECRET,
    username: options.mailupUsername ?? DEFAULT_MAILUP_USERNAME,
    password: options.mailupPassword ?? DEFAULT_MAILUP_PASSWORD,
    activationPolls: options.mailupActivationPolls ?? DEFAULT_MAILUP_ACTIVATION_POLLS,
    tokenTtlSeconds: options.mailupTokenTtlSeconds ?? DEFAULT_MAILUP_TOKEN_TTL_SECONDS,
  });
  const resellerclub = createResellerClubVendor({
    authUserId: options.resellerclubAuthUserId ?? DEFAULT_RESELLERCLUB_AUTH_USERID,
    apiKey: options.resellerclubApiKey ?? DEFAULT_RESELLERCLUB_API_KEY,
    orders: options.resellerclubOrders ?? DEFAULT_RESELLERCLUB_ORDERS,
  });
  const mailpartner = createMailPartnerVendor({
    apiKey: options.mailpartnerApiKey ?? DEFAULT_MAILPARTNER_API_KEY,
    balance: options.mailpartnerBalance ?? DEFAULT_MAILPARTNER_BALANCE,
  });
  return { partner, mailup, resellerclub, mailpartner };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { partner, mailup, resellerclub, mailpartner } = sandboxVendors(options);
  const vendors: readonly SandboxVendor[] = [partner, mailup, resellerclub, mailpartner];

  const log = new RequestLog();
  if (options.quiet !== true) log.onEntry((e) => process.stderr.write(`${formatEntry(e)}\n`));
  const faults = new FaultInjector(vendors.map((v) => v.name));
  const reset = (): void => {
    for (const v of vendors) v.reset();
    faults.clear();
    log.clear();
  };

  const app = express();
  app.disable("x-powered-by");
  // Conditional GETs would let a client see 304 instead of the state it asked for.
  app.set("etag", false);
  for (const vendor of vendors) {
    app.use(
      vendor.prefix,
      log.middleware(vendor.name),
      ...parseBodies(vendor),
      faults.middleware(vendor),
      vendor.router,
    );
  }
  app.use(ADMIN_PREFIX, createAdminRouter({ log, faults, vendors, reset }));
  app.use((req, res) => {
    const prefixes = [...vendors.map((v) => v.prefix), ADMIN_PREFIX].join(", ");
    sendAdminError(
      req,
      res,
      404,
      "NotFound",
      `Nothing is served at ${requestPath(req)}; prefixes: ${prefixes}.`,
    );
  });

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_SANDBOX_PORT, SANDBOX_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${SANDBOX_HOST}:${port}`,
    port,
    faults,
    requestLog: log,
    get requests() {
      return log.entries();
    },
    partner: partner.state,
    mailup: mailup.state,
    resellerclub: resellerclub.state,
    mailpartner: mailpartner.state,
    reset,
    ledger: () => Object.fromEntries(vendors.map((v) => [v.name, v.ledger()])),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        faults.dispose();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
