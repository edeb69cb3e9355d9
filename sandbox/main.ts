/**
 * `npx pulumi-mailreseller sandbox --port N` (from the installed package; in this repository also
 * `npm run sandbox -- --port N`): serves every simulated vendor API on 127.0.0.1 until SIGINT/SIGTERM.
 * Scripts wait for the single stdout line `sandbox listening on <url>`; request lines go to stderr so
 * they never get in the way of that.
 */
import { parseArgs } from "node:util";

import {
  DEFAULT_MAILPARTNER_API_KEY,
  DEFAULT_MAILPARTNER_BALANCE,
  DEFAULT_MAILUP_ACTIVATION_POLLS,
  DEFAULT_MAILUP_CLIENT_ID,
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_PASSWORD,
  DEFAULT_MAILUP_TOKEN_TTL_SECONDS,
  DEFAULT_MAILUP_USERNAME,
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_CREDITS,
  DEFAULT_PARTNER_ID,
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
  DEFAULT_RESELLERCLUB_ORDERS,
  DEFAULT_SANDBOX_PORT,
  type ResellerClubOrder,
  type SandboxOptions,
  parseResellerClubOrder,
  startSandbox,
} from "./server";

const USAGE = `Usage: npx pulumi-mailreseller sandbox [options]   (in the repository: npm run sandbox -- [options])

Serves the simulated vendor APIs on 127.0.0.1 (Partner API under /partner/api-v1, MailUp under /mailup,
ResellerClub under /resellerclub/api, MailPartner under /mailpartner/v1, admin API under /__sandbox). Prints
"sandbox listening on http://127.0.0.1:PORT" once ready; runs until SIGINT/SIGTERM.

Options:
  --port N                 port to listen on; 0 picks a free port (default ${DEFAULT_SANDBOX_PORT})
  --partner-id ID          Partner API Basic-auth user (default ${DEFAULT_PARTNER_ID})
  --partner-api-key KEY    Partner API Basic-auth password (default ${DEFAULT_PARTNER_API_KEY})
  --partner-credits N      starting partner credit balance (default ${DEFAULT_PARTNER_CREDITS})
  --mailup-client-id ID    MailUp OAuth2 client_id (default ${DEFAULT_MAILUP_CLIENT_ID})
  --mailup-client-secret S MailUp OAuth2 client_secret (default ${DEFAULT_MAILUP_CLIENT_SECRET})
  --mailup-username USER   MailUp retailer username, the ExternalUserId (default ${DEFAULT_MAILUP_USERNAME})
  --mailup-password PASS   MailUp retailer password (default ${DEFAULT_MAILUP_PASSWORD})
  --mailup-activation-polls N
                           status polls answering Processing before an activation ends, and
                           profile-change PUTs answering 202 before 200 (default ${DEFAULT_MAILUP_ACTIVATION_POLLS})
  --mailup-token-ttl SECONDS
                           MailUp access-token lifetime (default ${DEFAULT_MAILUP_TOKEN_TTL_SECONDS})
  --resellerclub-auth-userid ID
                           ResellerClub auth-userid, digits (default ${DEFAULT_RESELLERCLUB_AUTH_USERID})
  --resellerclub-api-key KEY
                           ResellerClub api-key (default ${DEFAULT_RESELLERCLUB_API_KEY})
  --resellerclub-order ORDER_ID:DOMAIN
                           an order mail users can be added to; repeat for more; given, it
                           replaces the defaults (default ${DEFAULT_RESELLERCLUB_ORDERS.map((o) => `${o.orderId}:${o.domain}`).join(" ")})
  --mailpartner-api-key KEY
                           MailPartner apiKey (default ${DEFAULT_MAILPARTNER_API_KEY})
  --mailpartner-balance EUROS
                           the MailPartner parent account's balance, at most 2 decimals
                           (default ${DEFAULT_MAILPARTNER_BALANCE})
  --quiet                  do not log one line per request to stderr
  -h, --help               show this help
`;

class UsageError extends Error {}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, not "${value}".`);
  }
  return n;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.length === 0) throw new UsageError(`--${flag} must not be empty.`);
  return value;
}

function digits(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{1,15}$/.test(value)) {
    throw new UsageError(`--${flag} must be an integer (digits only), not "${value}".`);
  }
  return value;
}

/** Repeatable `ORDER_ID:DOMAIN`; an order id given twice would make one of the orders unreachable. */
function orders(values: string[] | undefined): ResellerClubOrder[] | undefined {
  if (values === undefined) return undefined;
  const parsed = values.map((v) => {
    try {
      return parseResellerClubOrder(v);
    } catch (err) {
      throw new UsageError(`--resellerclub-order: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const ids = parsed.map((o) => o.orderId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new UsageError(`--resellerclub-order: order id ${twice} is given twice.`);
  return parsed;
}

/** Euros: digits with at most two decimals, as the balance is kept in cents. */
function euros(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(value)) {
    throw new UsageError(
      `--${flag} must be an amount in euros with at most 2 decimals (e.g. 12.50), not "${value}".`,
    );
  }
  return Number(value);
}

function parseOptions(argv: string[]): SandboxOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      "partner-id": { type: "string" },
      "partner-api-key": { type: "string" },
      "partner-credits": { type: "string" },
      "mailup-client-id": { type: "string" },
      "mailup-client-secret": { type: "string" },
      "mailup-username": { type: "string" },
      "mailup-password": { type: "string" },
      "mailup-activation-polls": { type: "string" },
      "mailup-token-ttl": { type: "string" },
      "resellerclub-auth-userid": { type: "string" },
      "resellerclub-api-key": { type: "string" },
      "resellerclub-order": { type: "string", multiple: true },
      "mailpartner-api-key": { type: "string" },
      "mailpartner-balance": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) return "help";
  return {
    port: integer("port", values.port, 0, 65535) ?? DEFAULT_SANDBOX_PORT,
    partnerId: nonEmpty("partner-id", values["partner-id"]),
    partnerApiKey: nonEmpty("partner-api-key", values["partner-api-key"]),
    partnerCredits: integer("partner-credits", values["partner-credits"], 0, Number.MAX_SAFE_INTEGER),
    mailupClientId: nonEmpty("mailup-client-id", values["mailup-client-id"]),
    mailupClientSecret: nonEmpty("mailup-client-secret", values["mailup-client-secret"]),
    mailupUsername: nonEmpty("mailup-username", values["mailup-username"]),
    mailupPassword: nonEmpty("mailup-password", values["mailup-password"]),
    mailupActivationPolls: integer("mailup-activation-polls", values["mailup-activation-polls"], 0, 1000),
    // At least a second: a token that is born expired would make every request 401.
    mailupTokenTtlSeconds: integer("mailup-token-ttl", values["mailup-token-ttl"], 1, 31_536_000),
    resellerclubAuthUserId: digits("resellerclub-auth-userid", values["resellerclub-auth-userid"]),
    // The key is never echoed, not even in a usage error.
    resellerclubApiKey: nonEmpty("resellerclub-api-key", values["resellerclub-api-key"]),
    resellerclubOrders: orders(values["resellerclub-order"]),
    mailpartnerApiKey: nonEmpty("mailpartner-api-key", values["mailpartner-api-key"]),
    mailpartnerBalance: euros("mailpartner-balance", values["mailpartner-balance"]),
    quiet: values.quiet === true,
  };
}

/** Runs the sandbox with these command-line arguments until SIGINT/SIGTERM. */
export async function runSandbox(argv: readonly string[]): Promise<void> {
  let options: SandboxOptions | "help";
  try {
    options = parseOptions([...argv]);
  } catch (err) {
    // parseArgs reports unknown flags with a TypeError whose message names the flag, never its value.
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }

  const sandbox = await startSandbox(options);
  process.stdout.write(`sandbox listening on ${sandbox.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (options.quiet !== true) process.stderr.write(`${signal}: closing the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`closing failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Started from the command line (`tsx sandbox/main.ts`, `pulumi-mailreseller sandbox`), not imported. */
export function runSandboxCommand(argv: readonly string[]): void {
  runSandbox(argv).catch((err: unknown) => {
    process.stderr.write(`sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

if (require.main === module) runSandboxCommand(process.argv.slice(2));
