/**
 * The fault soak: rounds of `pulumi up` through the real CLI against the sandbox, each changing the
 * desired state of a fleet (creates, outMail regrades, MailUp pack changes and profile switches,
 * ResellerClub forwards changes, deletes) while a share of the vendor requests is faulted (5xx, 429 with
 * Retry-After, added latency, and connections dropped after the sandbox applied a write). An operator
 * is simulated only where our errors ask for one: an error that says "set `adopt: …`" gets that adopt.
 * Then the faults stop, one converging `up` runs, and the sandbox's ledger is compared with the state.
 *
 * `npm run soak` runs 1,000 operations (soak/main.ts); test/engine/soak.engine.test.ts a smaller run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { labelOfType } from "../provider/core/protocol/type-tokens";
import { nameOfUrn } from "../provider/core/protocol/urn";
import { EngineStack, RunResult, StateResource, repoRoot } from "../test/harness/engine-stack";
import type { FaultRule } from "../sandbox/core/faults";
import { type Sandbox, startSandbox } from "../sandbox/server";
import { emptyFleet, type Fleet, fleetSize, type Operation, planRound, seededRandom } from "./fleet";

export interface SoakOptions {
  /** Desired-state changes in all, spread over `rounds` runs of `pulumi up`. */
  operations: number;
  rounds: number;
  /** Share (0..1) of vendor requests to fault during the rounds. */
  faultRate: number;
  seed: number;
  /** The CLI's `--parallel`. */
  parallel: number;
  /** Progress lines go here. */
  log: (line: string) => void;
  /** Stack name (and temp folder prefix). */
  name?: string;
}

/** One failure the engine reported for a resource during the faulted rounds. */
export interface SoakFailure {
  round: number;
  resource: string;
  message: string;
  /** HTTP status and vendor code, network error name, or "dependency failed". */
  code: string;
  /** Names vendor, operation, resource and a code (HTTP status or the vendor's own). */
  clear: boolean;
  /** The adopt id the message told the operator to set, when it did. */
  adoptHint?: string;
}

export interface SoakFigures {
  seed: number;
  rounds: number;
  operations: number;
  operationsByKind: Record<string, number>;
  requests: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** Resource failures reported by the engine during the faulted rounds. */
  failures: number;
  failuresByCode: Record<string, number>;
  unclearFailures: SoakFailure[];
  /** Every failure, for --json. */
  failureList: SoakFailure[];
  adoptHintsFollowed: number;
  convergingUp: { ok: boolean; changes: Record<string, number>; error?: string };
  /** The unchanged preview after converging: steps other than `same`, and vendor calls. */
  finalPreview: { changes: number; vendorCalls: number };
  ledgerObjects: number;
  stateResources: number;
  duplicates: string[];
  orphans: string[];
  lostState: string[];
  /** Partner credits: what the vendor took, and what each observed create and regrade should cost. */
  credits: { charged: number; expected: number; balance: number; expectedBalance: number };
  /** Tariffs the vendor reached that the program never asked for at that point. */
  unaskedTariffs: string[];
  seconds: number;
}

const SOAK_PASSWORD = "soak-relay-password-7f3a";
const MAILUP_CREDIT_PACK = "Crediti300";

/**
 * Fault rules faulting `rate` of the requests: reads get 5xx, 429 and latency; writes also get a dropped
 * connection after the sandbox applied them. Rules are tried in order and the first that wins its draw
 * applies, so each rule's probability is conditional on the ones before it having spared the request.
 */
export function soakFaultRules(rate: number): FaultRule[] {
  const kinds: Omit<FaultRule, "probability" | "method">[] = [
    { kind: "error", status: 503, times: 0 },
    { kind: "rate-limit", retryAfterSeconds: 1, times: 0 },
    { kind: "latency", latencyMs: 300, times: 0 },
  ];
  const conditional = (share: number, i: number) => share / (1 - share * i);
  const rules: FaultRule[] = [];
  kinds.forEach((k, i) => rules.push({ ...k, method: "GET", probability: conditional(rate / 3, i) }));
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    const writeKinds = [...kinds, { kind: "drop-after-write" as const, times: 0 }];
    writeKinds.forEach((k, i) => rules.push({ ...k, method, probability: conditional(rate / 4, i) }));
  }
  return rules;
}

/** `…::pulumi-nodejs:dynamic/outmail:Service::soak-r12` → its slot, `soak-r12` (a pack's is its account's). */
function slotOf(urn: string): string {
  return nameOfUrn(urn).replace(/-credits$/, "");
}

/** Vendor, "could not <operation> (<resource>)", and a code: what every vendor failure must say. */
export function isClearFailure(message: string): boolean {
  const vendor = /(outMail Partner API|MailUp|ResellerClub|MailPartner): /.test(message);
  const operation = /could not [a-z].* \([^)]+\)/.test(message);
  return vendor && operation && failureCode(message) !== undefined;
}

/** The code a failure names: an HTTP status, a vendor code, or the network error's name. */
export function failureCode(message: string): string | undefined {
  return (/HTTP \d{3}( Code \d+)?/.exec(message) ?? /\bE[A-Z]{4,}\b/.exec(message))?.[0];
}

/**
 * A pack whose account failed in the same run gets no account id (the engine sends a failed resource's
 * outputs as nothing). The engine skips it as the failed account's dependent; were it ever applied, its
 * error says the id has no value, a consequence of the account's failure rather than one of its own.
 */
const DEPENDENT_FAILURE = /accountId.*has no value\. When it comes from a mailup\.Account/;

/**
 * What the operator does with an error that names an adopt id, or that sends them to the MailUp
 * console (MailUp cannot look an account up by domain): the sandbox's own state stands for the console.
 */
function adoptHintOf(sandbox: Sandbox, message: string): string | undefined {
  const named = /adopt: "([^"<]+)"/.exec(message)?.[1];
  if (named !== undefined) return named;
  const domain = /find (\S+) in the MailUp console/.exec(message)?.[1];
  const account = domain && sandbox.mailup.ledger().accounts.find((a) => a.domain === domain);
  return account ? String(account.id) : undefined;
}

/** Each resource's error diagnostics, once each (the stack's own summary error left out). */
function errorsOf(run: RunResult): { urn: string; message: string }[] {
  const unique = new Map<string, { urn: string; message: string }>();
  for (const d of run.diagnostics) {
    if (d.severity !== "error" || d.urn === undefined || d.urn.includes("pulumi:pulumi:Stack")) continue;
    const message = d.message.trim();
    unique.set(`${d.urn}\n${message}`, { urn: d.urn, message });
  }
  return [...unique.values()];
}

function count<T extends string>(items: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const started = Date.now();
  const sandbox = await startSandbox({
    port: 0,
    quiet: true,
    mailupActivationPolls: 0,
    partnerCredits: 1_000_000,
  });
  // The program reads the desired state from this file, which the driver rewrites before every round.
  const fleetFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "soak-fleet-")), "fleet.json");
  const stack = new EngineStack({
    name: options.name ?? "soak",
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:soakPassword": { value: SOAK_PASSWORD, secret: true },
    },
    env: { SOAK_FLEET: fleetFile },
  });
  try {
    return await soak(options, sandbox, stack, fleetFile, started);
  } finally {
    stack.dispose();
    fs.rmSync(path.dirname(fleetFile), { recursive: true, force: true });
    await sandbox.close();
  }
}

async function soak(
  options: SoakOptions,
  sandbox: Sandbox,
  stack: EngineStack,
  fleetFile: string,
  started: number,
): Promise<SoakFigures> {
  const { log } = options;
  stack.writeProgram(fs.readFileSync(path.join(repoRoot, "examples", "soak", "index.ts"), "utf8"));

  const random = seededRandom(options.seed);
  let serial = 0;
  const nextKey = (prefix: string) => `${prefix}${++serial}`;
  const perRound = Math.ceil(options.operations / options.rounds);
  const targetSize = Math.ceil(perRound * 1.3);
  const costs = new Map(sandbox.partner.serviceNames().map((t) => [t.service_name, t.credits]));
  const creditsAtStart = sandbox.partner.ledger().balance;

  let fleet: Fleet = emptyFleet();
  const operations: Operation[] = [];
  const failures: SoakFailure[] = [];
  const faulted: string[] = [];
  let requests = 0;
  let adoptHintsFollowed = 0;
  // What the vendor's ledger showed for each soak outMail service after the previous round.
  const tariffs = new Map<string, string>();
  let expectedCharge = 0;
  const unaskedTariffs: string[] = [];

  const observeTariffs = (desired: Fleet) => {
    const asked = new Map(desired.relays.map((r) => [r.key, r.tier]));
    for (const s of sandbox.partner.ledger().liveServices) {
      if (!s.username?.startsWith("soak-")) continue;
      const before = tariffs.get(s.id);
      if (before === s.serviceName) continue;
      expectedCharge +=
        before === undefined
          ? (costs.get(s.serviceName) ?? 0)
          : Math.max(0, (costs.get(s.serviceName) ?? 0) - (costs.get(before) ?? 0));
      if (asked.get(s.username) !== s.serviceName) {
        unaskedTariffs.push(
          `${s.username}: ${before ?? "(new)"} → ${s.serviceName}, asked ${asked.get(s.username)}`,
        );
      }
      tariffs.set(s.id, s.serviceName);
    }
  };

  for (let round = 1; round <= options.rounds; round++) {
    const inState = new Set(stack.resources().map((r) => slotOf(r.urn)));
    // A slot whose adopt has not landed yet waits: the operator changes nothing else about it.
    const frozen = new Set(
      [...fleet.relays, ...fleet.consoles, ...fleet.forwarders]
        .filter((s) => s.adopt !== undefined && !inState.has(s.key))
        .map((s) => s.key),
    );
    const count = Math.min(perRound, options.operations - operations.length);
    const planned = planRound(fleet, count, random, { targetSize, frozen, nextKey });
    fleet = planned.fleet;
    operations.push(...planned.operations);
    fs.writeFileSync(fleetFile, JSON.stringify(fleet, null, 2));

    sandbox.requestLog.clear();
    sandbox.faults.clear();
    sandbox.faults.addAll(soakFaultRules(options.faultRate));
    const roundStarted = Date.now();
    const run = await stack.run("up", ["--continue-on-error", "--parallel", String(options.parallel)]);
    sandbox.faults.clear();
    const log_ = sandbox.requests;
    requests += log_.length;
    faulted.push(...log_.flatMap((r) => (r.fault ? [r.fault] : [])));
    observeTariffs(fleet);

    const errors = errorsOf(run);
    const failedSlots = new Set(
      errors.filter((e) => !DEPENDENT_FAILURE.test(e.message)).map((e) => slotOf(e.urn)),
    );
    for (const e of errors) {
      const resource = slotOf(e.urn);
      const dependent = DEPENDENT_FAILURE.test(e.message);
      const failure: SoakFailure = {
        round,
        resource,
        message: e.message,
        code: dependent ? "dependency failed" : (failureCode(e.message) ?? "none"),
        clear: dependent ? failedSlots.has(resource) : isClearFailure(e.message),
        adoptHint: adoptHintOf(sandbox, e.message),
      };
      failures.push(failure);
      if (failure.adoptHint !== undefined && setAdopt(fleet, failure.resource, failure.adoptHint)) {
        adoptHintsFollowed += 1;
      }
    }
    log(
      `[soak] round ${round}/${options.rounds}: ${planned.operations.length} operations, fleet ${fleetSize(fleet)}, ` +
        `${log_.length} requests (${log_.filter((r) => r.fault).length} faulted), ${errors.length} resource failures, ` +
        `${((Date.now() - roundStarted) / 1000).toFixed(1)} s`,
    );
  }
  fs.writeFileSync(fleetFile, JSON.stringify(fleet, null, 2));

  log("[soak] faults off; one converging `pulumi up`");
  const converge = await stack.run("up", ["--parallel", String(options.parallel)]);
  observeTariffs(fleet);
  const convergeErrors = errorsOf(converge);
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  const finalPreview = {
    changes: preview.steps.filter((s) => s.op !== "same").length,
    vendorCalls: sandbox.requests.length,
  };

  const reconciled = reconcile(sandbox, stack.resources(), fleet);
  const ledger = sandbox.partner.ledger();
  const unclear = failures.filter((f) => !f.clear);
  return {
    seed: options.seed,
    rounds: options.rounds,
    operations: operations.length,
    operationsByKind: count(operations.map((o) => o.kind)),
    requests,
    faultsInjected: faulted.length,
    faultsByKind: count(faulted),
    failures: failures.length,
    failuresByCode: count(failures.map((f) => f.code)),
    unclearFailures: unclear,
    failureList: failures,
    adoptHintsFollowed,
    convergingUp: {
      ok: converge.code === 0,
      changes: converge.result.summary?.resourceChanges ?? {},
      error:
        converge.code === 0
          ? undefined
          : convergeErrors.map((e) => `${e.urn}: ${e.message}`).join("\n") || converge.result.error,
    },
    finalPreview,
    ...reconciled,
    credits: {
      charged: ledger.charged,
      expected: expectedCharge,
      balance: ledger.balance,
      expectedBalance: creditsAtStart - expectedCharge,
    },
    unaskedTariffs,
    seconds: (Date.now() - started) / 1000,
  };
}

function setAdopt(fleet: Fleet, key: string, adopt: string): boolean {
  const slot = [...fleet.relays, ...fleet.consoles, ...fleet.forwarders].find((s) => s.key === key);
  if (slot === undefined || slot.adopt === adopt) return false;
  slot.adopt = adopt;
  return true;
}

/**
 * The ledger (every billable soak object at the vendors) against the state (every resource the engine
 * holds) and the fleet (what the program asks for).
 */
function reconcile(sandbox: Sandbox, resources: StateResource[], fleet: Fleet) {
  const byType = (suffix: string) => resources.filter((r) => r.type.endsWith(suffix));
  const out = (r: StateResource, key: string) => r.outputs?.[key];
  const duplicates: string[] = [];
  const orphans: string[] = [];
  const lostState: string[] = [];
  const groups = new Map<string, string[]>();
  const note = (key: string, object: string) => groups.set(key, [...(groups.get(key) ?? []), object]);

  // outMail: live services by username.
  const relays = new Map(byType("outmail:Service").map((r) => [String(out(r, "username")), r]));
  const liveServices = sandbox.partner.ledger().liveServices.filter((s) => s.username?.startsWith("soak-"));
  for (const s of liveServices) {
    note(s.username!, `live service ${s.id}`);
    const r = relays.get(s.username!);
    if (r === undefined) orphans.push(`outMail live service ${s.id} (${s.username})`);
    else if (r.id !== s.id) orphans.push(`outMail live service ${s.id} (${s.username}); state holds ${r.id}`);
  }
  const services = new Map(liveServices.map((s) => [s.id, s]));
  for (const relay of fleet.relays) {
    const r = relays.get(relay.key);
    const live = r?.id === undefined ? undefined : services.get(r.id);
    if (r === undefined) lostState.push(`${relay.key}: not in state`);
    else if (live === undefined)
      lostState.push(`${relay.key}: state holds live service ${r.id}, which does not exist`);
    else if (live.serviceName !== relay.tier || out(r, "serviceName") !== relay.tier)
      lostState.push(
        `${relay.key}: asked ${relay.tier}, state ${String(out(r, "serviceName"))}, vendor ${live.serviceName}`,
      );
  }

  // MailUp: accounts by subdomain, packs by account.
  const mailup = sandbox.mailup.ledger();
  const accounts = new Map(byType("mailup:Account").map((r) => [String(out(r, "customSubdomain")), r]));
  const packs = new Map(byType("mailup:AccountPack").map((r) => [String(out(r, "accountId")), r]));
  const soakAccounts = mailup.accounts.filter((a) => a.domain.startsWith("soak-"));
  for (const a of soakAccounts) {
    const subdomain = a.domain.split(".")[0];
    note(subdomain, `account ${a.id}`);
    const r = accounts.get(subdomain);
    if (r === undefined || String(out(r, "accountId")) !== String(a.id))
      orphans.push(`MailUp account ${a.id} (${a.domain})`);
  }
  for (const p of mailup.packs) {
    const account = soakAccounts.find((a) => a.id === p.accountId);
    if (account === undefined || p.quantity === 0) continue;
    if (!packs.has(String(p.accountId)))
      orphans.push(`MailUp pack ${p.name} ×${p.quantity} on account ${p.accountId}`);
  }
  for (const c of fleet.consoles) {
    const r = accounts.get(c.key);
    const live = soakAccounts.find((a) => String(a.id) === String(r && out(r, "accountId")));
    const pack = r && packs.get(String(out(r, "accountId")));
    const livePack =
      live && mailup.packs.find((p) => p.accountId === live.id && p.name === MAILUP_CREDIT_PACK);
    if (r === undefined || live === undefined)
      lostState.push(`${c.key}: account not in state or not at MailUp`);
    else if (live.profile !== c.profile)
      lostState.push(`${c.key}: asked ${c.profile}, MailUp has ${live.profile}`);
    if (pack === undefined || livePack === undefined)
      lostState.push(`${c.key}: pack not in state or not at MailUp`);
    else if (livePack.quantity !== c.packQuantity || out(pack, "quantity") !== c.packQuantity)
      lostState.push(
        `${c.key}: asked ${c.packQuantity} packs, state ${String(out(pack, "quantity"))}, MailUp ${livePack.quantity}`,
      );
  }

  // ResellerClub: forward-only accounts by address.
  const forwarders = new Map(
    byType("resellerclub:ForwardOnlyAccount").map((r) => [String(out(r, "email")), r]),
  );
  const mailboxes = sandbox.resellerclub.ledger().mailboxes.filter((m) => m.email.startsWith("soak-"));
  for (const m of mailboxes) {
    note(m.email.split("@")[0], `mailbox ${m.email}`);
    if (!forwarders.has(m.email)) orphans.push(`ResellerClub ${m.accountType} ${m.email}`);
  }
  for (const f of fleet.forwarders) {
    const email = `${f.key}@customer.example`;
    const live = mailboxes.find((m) => m.email === email);
    const r = forwarders.get(email);
    if (r === undefined || live === undefined)
      lostState.push(`${f.key}: not in state or not at ResellerClub`);
    else if ([...live.forwards].sort().join() !== f.forwards.join())
      lostState.push(
        `${f.key}: asked ${f.forwards.join(", ")}, ResellerClub has ${live.forwards.join(", ")}`,
      );
  }

  for (const [key, objects] of groups)
    if (objects.length > 1) duplicates.push(`${key}: ${objects.join(", ")}`);
  return {
    ledgerObjects:
      liveServices.length +
      soakAccounts.length +
      mailup.packs.filter((p) => p.quantity > 0 && soakAccounts.some((a) => a.id === p.accountId)).length +
      mailboxes.length,
    stateResources: resources.filter((r) => labelOfType(r.type) !== undefined).length,
    duplicates,
    orphans,
    lostState,
  };
}
