/**
 * The policies' judgement, as pure functions of a resource's checked inputs (or a stack's resources) and
 * the policy's config: no Pulumi runtime here, so unit tests call them directly. index.ts wires them into
 * the @pulumi/policy pack. The facts they read are written by each resource's `check` into one nested
 * input; the protocol (its name, fields and reader) is defined once, in provider/core/protocol/policy-facts-protocol.ts.
 */
import { type AllowEntry, type Allowance, allowance } from "../provider/core/protocol/allow-list";
import {
  type Transition,
  UNKNOWN_VALUE,
  containsUnknown,
  factsOf,
  pendingSpend,
} from "../provider/core/protocol/policy-facts-protocol";
import {
  type Budget,
  DEFAULT_BUDGET,
  addSpend,
  noSpend,
  overBudget,
  partnerCreditBudget,
} from "../provider/core/protocol/credit-budget";
import { isGuarded } from "../provider/core/protocol/guarded-types";
import {
  NATIVE_TYPE_TOKENS,
  TYPE_TOKENS,
  labelOfType,
  sameType,
} from "../provider/core/protocol/type-tokens";
import {
  KEY_RULES,
  type VendorKey,
  describeResource,
  labelOfResource,
  sharedKeyMessage,
  sharedKeys,
} from "../provider/core/protocol/vendor-keys";

export { type AllowEntry, type Allowance, allowance };

/** Preview's placeholder for a value not known yet (the engine's sentinel, defined in the protocol). */
export const UNKNOWN = UNKNOWN_VALUE;

/**
 * The types the rules judge, by their dynamic tokens. A rule judges a type's native token
 * (`mailreseller:outmail:Service`) exactly as its dynamic one: types are compared with `sameType`.
 */
export const TYPES = {
  outmailService: TYPE_TOKENS["outmail.Service"],
  mailupAccount: TYPE_TOKENS["mailup.Account"],
  mailupAccountPack: TYPE_TOKENS["mailup.AccountPack"],
  resellerclubMailUser: TYPE_TOKENS["resellerclub.MailUser"],
  mailpartnerSubaccount: TYPE_TOKENS["mailpartner.Subaccount"],
  partnerLiveService: TYPE_TOKENS["partner.LiveService"],
};

/** The resource a policy judges. */
export interface Subject {
  type: string;
  urn: string;
  name: string;
  props: Record<string, unknown>;
  /** Its `protect` option as the engine registers it (shown to resource policies only). */
  protect?: boolean;
}

/** True when the value or anything inside it is not known yet during preview. */
export const isUnknown = containsUnknown;

/** Thrown by a rule that needs a value preview does not know: the policy then fails closed. */
export class UnknownInPreview extends Error {
  constructor(readonly what: string) {
    super(`${what} is not known during preview`);
  }
}

function known<T>(value: T, what: string): T {
  if (isUnknown(value)) throw new UnknownInPreview(what);
  return value;
}

/** How to get past a policy on purpose, for the end of every message. */
export function howToProceed(policy: string, subject: Subject, expired?: AllowEntry): string {
  const lapsed = expired ? ` (the allow-list entry for it expired on ${expired.expires})` : "";
  return (
    `To proceed deliberately${lapsed}, add {"name": "${subject.name}", "expires": "YYYY-MM-DD", "reason": "…"} ` +
    `(or its "urn") to "${policy}".allow in the policy pack config (--policy-pack-config); otherwise revert ` +
    "the change."
  );
}

function transitionOf(subject: Subject): Transition | undefined {
  return factsOf(subject.props).transition;
}

/** `outmail.Service "relay"`, whichever token form the resource has. */
function label(subject: Subject): string {
  return `${labelOfType(subject.type) ?? subject.type} "${subject.name}"`;
}

/**
 * A regrade to a cheaper tariff (credits; tier number as fallback), judged on resources of `type` only:
 * the one judgement of `outmail-no-downgrade` (outmail.Service) and `live-service-no-downgrade`
 * (partner.LiveService, every product), whose `check` records the same `transition` on `serviceName`.
 * A live service's message names its product (`partner.LiveService "mx" (backupMX): …`).
 */
export function tariffDowngrade(type: string, subject: Subject): string | undefined {
  if (!sameType(subject.type, type)) return undefined;
  const t = transitionOf(subject);
  if (t === undefined) return undefined;
  known(t.to, `the new tariff of ${label(subject)}`);
  const product = subject.props.product;
  const what =
    typeof product === "string" && product !== "" && !isUnknown(product)
      ? `${label(subject)} (${product})`
      : label(subject);
  if (t.direction === "unknown") {
    return `${what}: regrade ${t.from} → ${t.to} cannot be ordered (no credit cost or tier number for one of them), so it is treated as a downgrade.`;
  }
  if (t.direction !== "down") return undefined;
  const unit = t.basis === "credits" ? " credits" : ` (${t.basis})`;
  return `${what}: regrade ${t.from} → ${t.to} is a downgrade (${t.fromRank} → ${t.toRank}${unit}).`;
}

/** 1. outmail-no-downgrade: an outmail.Service regrade to a cheaper tariff. */
export function outmailDowngrade(subject: Subject): string | undefined {
  return tariffDowngrade(TYPES.outmailService, subject);
}

/** 1b. live-service-no-downgrade: a partner.LiveService regrade (any product) to a cheaper tariff. */
export function liveServiceDowngrade(subject: Subject): string | undefined {
  return tariffDowngrade(TYPES.partnerLiveService, subject);
}

/**
 * 2. mailup-no-profile-downgrade: Premium → Economy → Trial. `ranking` (lowest first) overrides MailUp's
 * ClientCode ordering when given.
 */
export function mailupProfileDowngrade(subject: Subject, ranking?: readonly string[]): string | undefined {
  if (!sameType(subject.type, TYPES.mailupAccount)) return undefined;
  const t = transitionOf(subject);
  if (t === undefined) return undefined;
  known(t.to, `the new profile of ${label(subject)}`);
  let fromRank = t.fromRank;
  let toRank = t.toRank;
  let basis = t.basis;
  if (ranking && ranking.length > 0) {
    const rank = (name: string | number) =>
      ranking.findIndex((r) => r.toLowerCase() === String(name).toLowerCase());
    const [f, to] = [rank(t.from), rank(t.to)];
    if (f === -1 || to === -1) {
      return `${label(subject)}: profile ${t.from} → ${t.to} cannot be ordered: the configured ranking (${ranking.join(" < ")}) does not list ${f === -1 ? t.from : t.to}.`;
    }
    [fromRank, toRank, basis] = [f, to, "configured ranking"];
  }
  if (fromRank === undefined || toRank === undefined) {
    return `${label(subject)}: profile ${t.from} → ${t.to} cannot be ordered (no ClientCode; set "profileRanking"), so it is treated as a downgrade.`;
  }
  if (toRank >= fromRank) return undefined;
  return `${label(subject)}: profile ${t.from} → ${t.to} is a downgrade (by ${basis}).`;
}

/** 3. mailup-no-pack-reduction: a pack quantity lowered, or the pack swapped (the old one removed). */
export function mailupPackReduction(subject: Subject): string | undefined {
  if (!sameType(subject.type, TYPES.mailupAccountPack)) return undefined;
  const replacing = known(factsOf(subject.props).replacing, `what replaces ${label(subject)}`);
  if (replacing?.includes("pack") || replacing?.includes("accountId")) {
    return `${label(subject)}: changing ${replacing.join(", ")} removes the current pack (its quantity goes to 0 at month end).`;
  }
  const t = transitionOf(subject);
  if (t === undefined) return undefined;
  known(t.to, `the new quantity of ${label(subject)}`);
  if (t.direction !== "down") return undefined;
  return `${label(subject)}: quantity ${t.from} → ${t.to} reduces the pack${t.to === 0 ? " to nothing" : ""}.`;
}

/** The types whose replacement destroys a mailbox or money, and what that loses. */
export const DESTRUCTIVE_BY_DEFAULT: Record<string, string> = {
  [TYPES.resellerclubMailUser]: "the mailbox and its mail are deleted",
  [TYPES.mailpartnerSubaccount]:
    "a new sub-account is created and credited, the old one is left at MailPartner",
  [TYPES.mailupAccount]: "the MailUp console, its lists and history are deleted",
  [TYPES.outmailService]: "the live service is deleted and a new one is bought",
  [TYPES.partnerLiveService]:
    "the live service is deleted at the vendor (another one is taken over in its place)",
};

/** 4. no-destructive-replacement: `types` names each type judged by either of its tokens. */
export function destructiveReplacement(subject: Subject, types: readonly string[]): string | undefined {
  if (!types.some((type) => sameType(type, subject.type))) return undefined;
  const replacing = known(factsOf(subject.props).replacing, `what replaces ${label(subject)}`);
  if (!replacing || replacing.length === 0) return undefined;
  const loss =
    Object.entries(DESTRUCTIVE_BY_DEFAULT).find(([type]) => sameType(type, subject.type))?.[1] ??
    "the resource is deleted and created again";
  return `${label(subject)}: changing ${replacing.join(", ")} replaces it: ${loss}.`;
}

/** 5. secrets-must-be-secret: secret-meant inputs passed as plain values. */
export function plainSecrets(subject: Subject): string | undefined {
  const names = known(factsOf(subject.props).plainSecretInputs, `the secrecy of ${label(subject)}'s inputs`);
  if (!names || names.length === 0) return undefined;
  return (
    `${label(subject)}: ${names.join(", ")} ${names.length === 1 ? "is" : "are"} passed as a plain value and ` +
    "would be stored unencrypted in the program's history. Pass it as a secret, e.g. " +
    "`new pulumi.Config().requireSecret(...)` or `pulumi.secret(...)`."
  );
}

/**
 * 5b. deletion-guard: a native provider's resource (`mailreseller:outmail:Service`) of a type the deletion
 * guard protects, registered without `protect`. Analyzers never see a deletion, so `protect` is what stops
 * one: the package's classes register these types with it (core/program/deletion-guard.ts), but a program
 * in YAML, Python or Go declares the native provider's resources without the classes. A dynamic resource is
 * not judged: its class set `protect` unless the program or `mailreseller:deletionGuard` chose otherwise,
 * and that choice stands.
 */
export function unprotectedNativeResource(subject: Subject): string | undefined {
  const type = labelOfType(subject.type);
  if (type === undefined || subject.type !== NATIVE_TYPE_TOKENS[type] || !isGuarded(type)) return undefined;
  if (subject.protect === true) return undefined;
  return (
    `${label(subject)} must not be registered without \`protect\`: nothing else stops \`pulumi up\` from ` +
    "deleting it at the vendor when it leaves the program or is replaced. Set it in the resource's options " +
    "(YAML: `options: { protect: true }`; Python, Go: the `protect` resource option). To delete one on " +
    "purpose, keep `protect` in the program, clear it in the state (`pulumi state unprotect '<urn>'`, or " +
    "`pulumi-mailreseller unprotect --allow FILE` for the entries of a dated allow-list), then remove it from " +
    'the program. A stack that needs no guard (a throwaway sandbox) sets "deletion-guard": "disabled" in ' +
    "the policy pack config."
  );
}

export { type Budget, DEFAULT_BUDGET, partnerCreditBudget };

/**
 * 6. credit-budget: what this update would spend, by unit, against the budget. Only spends check marked
 * pending count: an unchanged resource's outputs are its recorded ones, and only outputs written before
 * 0.2 still carry a (spent) spend.
 */
export function creditBudget(
  subjects: readonly Subject[],
  budget: Budget,
  excluded: (s: Subject) => boolean,
): string[] {
  const totals = noSpend();
  for (const s of subjects) {
    const spend = pendingSpend(s.props);
    if (spend === undefined || excluded(s)) continue;
    known(spend.amount, `what ${label(s)} would spend`);
    addSpend(totals, s.name, spend);
  }
  return overBudget(totals, budget, "This update");
}

/**
 * no-shared-vendor-key: two resources of the stack that declare one vendor object (one outMail username,
 * live service id, mailbox address, MailUp domain…; provider/core/protocol/vendor-keys.ts has the table). Resources
 * are recognised by type token or, for a program using the shims as plain dynamic resources, by the
 * type their provider recorded in `policyFacts`. A key that preview does not know yet is left out: it cannot be compared
 * (the provider still refuses a second owner when it meets one).
 */
export function sharedVendorKeys(
  subjects: readonly Subject[],
  isUnknownRead: (err: unknown) => boolean = () => false,
): string[] {
  const resources = subjects.flatMap((s) => {
    const type = labelOfResource(s.type, factsOf(s.props).resourceType);
    if (type === undefined) return [];
    const keys: VendorKey[] = [];
    for (const rule of KEY_RULES[type]) {
      let value: string | undefined;
      try {
        value = rule.value(s.props);
      } catch (err) {
        // @pulumi/policy's props throw (UnknownValueError) when a value preview does not know is read.
        if (isUnknownRead(err)) continue;
        throw err;
      }
      if (value !== undefined && !isUnknown(value)) keys.push({ kind: rule.kind, value });
    }
    return [{ holder: describeResource(type, s.name), keys }];
  });
  return sharedKeys(resources).map(sharedKeyMessage);
}
