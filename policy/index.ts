/**
 * The mailreseller policy pack: `pulumi preview --policy-pack policy` blocks unsafe downgrades and
 * destructive replacements before anything reaches a vendor. Every policy is mandatory unless the pack
 * config (`--policy-pack-config FILE`) says otherwise, takes an allow-list of dated exceptions, and fails
 * closed when preview does not know a value it needs. The judgement itself lives in rules.ts.
 */
import {
  PolicyPack,
  type ReportViolation,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

import {
  type AllowEntry,
  type Budget,
  DESTRUCTIVE_BY_DEFAULT,
  type Subject,
  UnknownInPreview,
  allowance,
  creditBudget,
  destructiveReplacement,
  howToProceed,
  liveServiceDowngrade,
  mailupPackReduction,
  mailupProfileDowngrade,
  outmailDowngrade,
  plainSecrets,
  sharedVendorKeys,
  unprotectedNativeResource,
} from "./rules";

const allowSchema: PolicyConfigJSONSchema = {
  type: "array",
  description: "Approved exceptions: a resource by urn or name, until expires (YYYY-MM-DD, inclusive, UTC).",
  items: {
    type: "object",
    properties: {
      urn: { type: "string" },
      name: { type: "string" },
      expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      reason: { type: "string" },
    },
    required: ["expires"],
  },
  default: [],
};

interface AllowConfig {
  allow?: AllowEntry[];
}

function failClosed(policy: string, subject: Subject, err: unknown): string {
  const what = err instanceof UnknownInPreview ? err.what : "a value this policy needs";
  return (
    `${policy} cannot judge "${subject.name}": ${what} is not known during preview (it comes from another ` +
    "resource), so the change is blocked rather than waved through. Run `pulumi up` on the resources it " +
    "depends on first, or allow-list it."
  );
}

/** One resource policy: judge, fail closed on unknowns, honour the allow-list. */
function resourcePolicy<C extends AllowConfig>(
  name: string,
  description: string,
  judge: (subject: Subject, config: C) => string | undefined,
  extraConfig: Record<string, PolicyConfigJSONSchema> = {},
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    configSchema: { properties: { allow: allowSchema, ...extraConfig } },
    validateResource: (args, reportViolation: ReportViolation) => {
      const config = args.getConfig<C>();
      const subject: Subject = {
        type: args.type,
        urn: args.urn,
        name: args.name,
        props: args.props,
        protect: args.opts.protect,
      };
      let message: string | undefined;
      try {
        message = judge(subject, config);
      } catch (err) {
        if (!(err instanceof UnknownValueError || err instanceof UnknownInPreview)) throw err;
        message = failClosed(name, subject, err);
      }
      if (message === undefined) return;
      const allowed = allowance(config.allow, subject, new Date());
      if (allowed.allowed) return;
      reportViolation(`${message} ${howToProceed(name, subject, allowed.expired)}`);
    },
  };
}

const creditBudgetPolicy: StackValidationPolicy = {
  name: "credit-budget",
  description:
    "The Partner API's partner credits (new outMail services, regrades of every live service) and MailPartner " +
    "euros (new sub-accounts' creditToAttribute) one update would spend stay under a budget.",
  enforcementLevel: "mandatory",
  // No schema defaults for the credit keys: the CLI fills defaults in, and a default for one key would
  // then undercut a budget raised with the other (the smaller wins). rules.ts applies 1000 when neither
  // is given.
  configSchema: {
    properties: {
      allow: allowSchema,
      maxPartnerCredits: {
        type: "number",
        minimum: 0,
        description: "Partner credits one update may spend (default 1000).",
      },
      maxOutmailCredits: {
        type: "number",
        minimum: 0,
        description: "Deprecated name of maxPartnerCredits; when both are given, the smaller wins.",
      },
      maxMailpartnerEuros: { type: "number", minimum: 0, default: 1000 },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<AllowConfig & Budget>();
    const subjects: Subject[] = args.resources.map((r) => ({
      type: r.type,
      urn: r.urn,
      name: r.name,
      props: r.props,
    }));
    const excluded = (s: Subject) => allowance(config.allow, s, new Date()).allowed;
    let violations: string[];
    try {
      violations = creditBudget(subjects, config, excluded);
    } catch (err) {
      if (!(err instanceof UnknownValueError || err instanceof UnknownInPreview)) throw err;
      const what = err instanceof UnknownInPreview ? err.what : "what a resource would spend";
      violations = [
        `credit-budget cannot add up this update: ${what} is not known during preview (for example a tariff ` +
          "whose cost could not be read), so it is blocked rather than waved through.",
      ];
    }
    for (const v of violations) reportViolation(v);
  },
};

const sharedVendorKeyPolicy: StackValidationPolicy = {
  name: "no-shared-vendor-key",
  description:
    "Checks whether two resources of the stack declare one vendor object (an outMail username, a live " +
    "service id, a mailbox address, a MailUp domain, an adopt id): one object must have one owner.",
  enforcementLevel: "mandatory",
  // No allow-list: no exception makes two owners of one object safe.
  validateStack: (args, reportViolation) => {
    const subjects = args.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.props }));
    for (const v of sharedVendorKeys(subjects, (err) => err instanceof UnknownValueError)) reportViolation(v);
  },
};

export const policies = [
  resourcePolicy(
    "outmail-no-downgrade",
    "Blocks regrading an outMail service to a cheaper tariff (by credit cost; tier number as fallback).",
    (subject) => outmailDowngrade(subject),
  ),
  // A policy of its own rather than outmail-no-downgrade renamed: a policy gets only its own name's config
  // and the CLI passes config of unknown names through unchecked, so a rename would silently drop the
  // allow-lists and enforcement levels of existing configs (policy/README.md).
  resourcePolicy(
    "live-service-no-downgrade",
    "Blocks regrading a Partner API live service (partner.LiveService, any product) to a cheaper tariff " +
      "(by credit cost; tier number as fallback).",
    (subject) => liveServiceDowngrade(subject),
  ),
  resourcePolicy<AllowConfig & { profileRanking?: string[] }>(
    "mailup-no-profile-downgrade",
    "Blocks switching a MailUp account to a lower profile (Premium → Economy → Trial), by ClientCode or profileRanking.",
    (subject, config) => mailupProfileDowngrade(subject, config.profileRanking),
    {
      profileRanking: {
        type: "array",
        items: { type: "string" },
        description: "Profile names from lowest to highest; overrides MailUp's ClientCode ordering.",
      },
    },
  ),
  resourcePolicy(
    "mailup-no-pack-reduction",
    "Blocks lowering a MailUp AccountPack's quantity or swapping the pack (which removes the old one).",
    (subject) => mailupPackReduction(subject),
  ),
  resourcePolicy<AllowConfig & { types?: string[] }>(
    "no-destructive-replacement",
    "Blocks a change that replaces a mailbox- or money-holding resource (ResellerClub mailbox, MailPartner " +
      "sub-account, MailUp account, outMail service, Partner API live service).",
    (subject, config) => destructiveReplacement(subject, config.types ?? Object.keys(DESTRUCTIVE_BY_DEFAULT)),
    {
      types: {
        type: "array",
        items: { type: "string" },
        description: "Resource types judged; default: the five mailbox- or money-holding types.",
      },
    },
  ),
  // Mandatory like the others; a stack that wants no guard disables it by its enforcement level, as the
  // classes' guard is turned off by `mailreseller:deletionGuard`, and one resource is let through, dated,
  // by its allow-list.
  resourcePolicy(
    "deletion-guard",
    "Blocks a billable resource of the native provider (mailreseller:<module>:<Type>: an outMail service, " +
      "live service, ResellerClub mailbox or forward-only account, MailUp account or pack) registered " +
      "without protect: true, which the package's classes set on theirs (the deletion guard); policies never " +
      "see a deletion, so protect is what stops one.",
    (subject) => unprotectedNativeResource(subject),
  ),
  resourcePolicy(
    "secrets-must-be-secret",
    "Blocks passwords passed as plain values instead of Pulumi secrets.",
    (subject) => plainSecrets(subject),
  ),
  creditBudgetPolicy,
  sharedVendorKeyPolicy,
];

new PolicyPack("mailreseller", { enforcementLevel: "mandatory", policies });
