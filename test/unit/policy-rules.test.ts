/**
 * The policy pack's judgement (policy/rules.ts) on checked inputs as the provider records them: each
 * policy's block and pass cases, unknown values failing closed, and the allow-list's matching and expiry.
 */
import {
  DESTRUCTIVE_BY_DEFAULT,
  TYPES,
  UNKNOWN,
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
  partnerCreditBudget,
  plainSecrets,
  sharedVendorKeys,
  tariffDowngrade,
  unprotectedNativeResource,
} from "../../policy/rules";
import { nestPolicyFacts } from "../../provider/core/protocol/policy-facts-protocol";
import { GUARDED_TYPES } from "../../provider/core/protocol/guarded-types";
import {
  NATIVE_TYPE_TOKENS,
  RESOURCE_LABELS,
  type ResourceLabel,
  TYPE_TOKENS,
  labelOfType,
} from "../../provider/core/protocol/type-tokens";

/** A resource as the pack sees it: the facts, written flat here, nested as the provider's shim sends them. */
function subject(type: string, facts: Record<string, unknown>, name = "r1"): Subject {
  return { type, urn: `urn:pulumi:dev::p::${type}::${name}`, name, props: nestPolicyFacts(facts) };
}

const serviceNameTransition = (
  from: string,
  to: string,
  fromRank: number,
  toRank: number,
  basis: string,
) => ({
  property: "serviceName",
  from,
  to,
  direction: toRank < fromRank ? "down" : toRank > fromRank ? "up" : "same",
  basis,
  fromRank,
  toRank,
});

const regrade = (from: string, to: string, fromRank: number, toRank: number, basis = "credits") =>
  subject(TYPES.outmailService, { transition: serviceNameTransition(from, to, fromRank, toRank, basis) });

describe("outmail-no-downgrade", () => {
  it("blocks a cheaper tariff, naming from → to and the costs", () => {
    expect(outmailDowngrade(regrade("Outmail1000", "Outmail500", 20, 10))).toBe(
      'outmail.Service "r1": regrade Outmail1000 → Outmail500 is a downgrade (20 → 10 credits).',
    );
    expect(outmailDowngrade(regrade("Outmail1000", "Outmail500", 1000, 500, "tier number"))).toContain(
      "(1000 → 500 (tier number))",
    );
  });
  it("passes upgrades, unchanged tariffs, new services and other types", () => {
    expect(outmailDowngrade(regrade("Outmail500", "Outmail1000", 10, 20))).toBeUndefined();
    expect(outmailDowngrade(subject(TYPES.outmailService, {}))).toBeUndefined();
    expect(
      outmailDowngrade(subject(TYPES.mailupAccount, { transition: { direction: "down" } })),
    ).toBeUndefined();
  });
  it("fails closed: an unknown target throws, an unorderable one blocks", () => {
    const unknown = subject(TYPES.outmailService, {
      transition: {
        property: "serviceName",
        from: "Outmail1000",
        to: UNKNOWN,
        direction: "unknown",
        basis: "credits",
      },
    });
    expect(() => outmailDowngrade(unknown)).toThrow(UnknownInPreview);
    const unorderable = subject(TYPES.outmailService, {
      transition: {
        property: "serviceName",
        from: "Legacy",
        to: "Custom",
        direction: "unknown",
        basis: "credits",
      },
    });
    expect(outmailDowngrade(unorderable)).toContain("cannot be ordered");
  });
});

describe("live-service-no-downgrade", () => {
  /** A partner.LiveService as check records it: its inputs (product among them) beside the facts. */
  const liveRegrade = (
    product: unknown,
    from: string,
    to: string,
    fromRank: number,
    toRank: number,
    basis = "credits",
    name = "mx",
  ): Subject => {
    const s = subject(
      TYPES.partnerLiveService,
      { transition: serviceNameTransition(from, to, fromRank, toRank, basis) },
      name,
    );
    return { ...s, props: { liveServiceId: "1234801", product, serviceName: to, ...s.props } };
  };

  it("blocks a cheaper tariff of every product, naming the product, from → to and the costs", () => {
    expect(liveServiceDowngrade(liveRegrade("backupMX", "BackupMX5", "BackupMX1", 12, 3))).toBe(
      'partner.LiveService "mx" (backupMX): regrade BackupMX5 → BackupMX1 is a downgrade (12 → 3 credits).',
    );
    const cases = [
      ["outMail", "Outmail1000", "Outmail500"],
      ["Profilter", "Profilter25", "Profilter10"],
      ["fakeMX", "FakeMX5", "FakeMX1"],
      ["backupMX", "BackupMX5", "BackupMX1"],
      ["masterDNS", "MasterDNS25", "MasterDNS10"],
      ["backupDNS", "BackupDNS25", "BackupDNS10"],
    ];
    for (const [product, from, to] of cases) {
      expect(liveServiceDowngrade(liveRegrade(product, from, to, 25, 10, "tier number"))).toBe(
        `partner.LiveService "mx" (${product}): regrade ${from} → ${to} is a downgrade (25 → 10 (tier number)).`,
      );
    }
  });
  it("passes upgrades, services without a regrade, and other types; outmail-no-downgrade ignores it", () => {
    expect(liveServiceDowngrade(liveRegrade("backupMX", "BackupMX1", "BackupMX5", 3, 12))).toBeUndefined();
    expect(liveServiceDowngrade(subject(TYPES.partnerLiveService, {}))).toBeUndefined();
    expect(liveServiceDowngrade(regrade("Outmail1000", "Outmail500", 20, 10))).toBeUndefined();
    // Each policy judges its own type only, so each keeps its own config (allow-list, level).
    expect(outmailDowngrade(liveRegrade("outMail", "Outmail1000", "Outmail500", 20, 10))).toBeUndefined();
  });
  it("is the outMail judgement, parameterized by type", () => {
    const live = liveRegrade("backupMX", "BackupMX5", "BackupMX1", 12, 3);
    expect(tariffDowngrade(TYPES.partnerLiveService, live)).toBe(liveServiceDowngrade(live));
    const outmail = regrade("Outmail1000", "Outmail500", 20, 10);
    expect(tariffDowngrade(TYPES.outmailService, outmail)).toBe(outmailDowngrade(outmail));
  });
  it("fails closed like outmail-no-downgrade, and leaves out a product preview does not know", () => {
    const unknownTarget = liveRegrade("fakeMX", "FakeMX5", UNKNOWN, 5, 0);
    unknownTarget.props = {
      ...unknownTarget.props,
      policyFacts: {
        transition: {
          property: "serviceName",
          from: "FakeMX5",
          to: UNKNOWN,
          direction: "unknown",
          basis: "credits",
        },
      },
    };
    expect(() => liveServiceDowngrade(unknownTarget)).toThrow(UnknownInPreview);
    const unorderable = liveRegrade("masterDNS", "Legacy", "Custom", 0, 0);
    unorderable.props = {
      ...unorderable.props,
      policyFacts: {
        transition: {
          property: "serviceName",
          from: "Legacy",
          to: "Custom",
          direction: "unknown",
          basis: "credits",
        },
      },
    };
    expect(liveServiceDowngrade(unorderable)).toBe(
      'partner.LiveService "mx" (masterDNS): regrade Legacy → Custom cannot be ordered (no credit cost or tier ' +
        "number for one of them), so it is treated as a downgrade.",
    );
    expect(liveServiceDowngrade(liveRegrade(UNKNOWN, "BackupMX5", "BackupMX1", 12, 3))).toBe(
      'partner.LiveService "mx": regrade BackupMX5 → BackupMX1 is a downgrade (12 → 3 credits).',
    );
  });
});

describe("mailup-no-profile-downgrade", () => {
  const switchTo = (from: string, to: string, fromRank?: number, toRank?: number) =>
    subject(TYPES.mailupAccount, {
      transition: {
        property: "profile",
        from,
        to,
        direction: "unknown",
        basis: "ClientCode",
        fromRank,
        toRank,
      },
    });
  it("orders by ClientCode", () => {
    expect(mailupProfileDowngrade(switchTo("Premium", "Economy", 3, 2))).toContain(
      "Premium → Economy is a downgrade",
    );
    expect(mailupProfileDowngrade(switchTo("Economy", "Premium", 2, 3))).toBeUndefined();
  });
  it("lets a configured ranking (lowest first) override it, and blocks names it does not list", () => {
    const ranking = ["Premium", "Economy", "Trial"];
    expect(mailupProfileDowngrade(switchTo("Economy", "Premium", 2, 3), ranking)).toContain(
      "by configured ranking",
    );
    expect(mailupProfileDowngrade(switchTo("Economy", "Gold", 2, 9), ranking)).toContain(
      "does not list Gold",
    );
  });
  it("blocks when neither ordering is available", () => {
    expect(mailupProfileDowngrade(switchTo("Economy", "Premium"))).toContain("cannot be ordered");
  });
});

describe("mailup-no-pack-reduction", () => {
  const pack = (props: Record<string, unknown>) => subject(TYPES.mailupAccountPack, props);
  it("blocks a lower quantity, to nothing included, and a swapped pack", () => {
    const down = (to: number) =>
      pack({
        replacing: [],
        transition: { property: "quantity", from: 4, to, direction: "down", basis: "quantity" },
      });
    expect(mailupPackReduction(down(2))).toContain("quantity 4 → 2 reduces the pack.");
    expect(mailupPackReduction(down(0))).toContain("reduces the pack to nothing");
    expect(mailupPackReduction(pack({ replacing: ["pack"] }))).toContain("removes the current pack");
  });
  it("passes a raise and an unchanged pack", () => {
    expect(
      mailupPackReduction(
        pack({
          replacing: [],
          transition: { property: "quantity", from: 4, to: 6, direction: "up", basis: "quantity" },
        }),
      ),
    ).toBeUndefined();
    expect(mailupPackReduction(pack({ replacing: [] }))).toBeUndefined();
  });
});

describe("no-destructive-replacement", () => {
  const types = Object.keys(DESTRUCTIVE_BY_DEFAULT);
  it("blocks a replacement of each mailbox- or money-holding type, naming what is lost", () => {
    expect(destructiveReplacement(subject(TYPES.resellerclubMailUser, { replacing: ["email"] }), types)).toBe(
      'resellerclub.MailUser "r1": changing email replaces it: the mailbox and its mail are deleted.',
    );
    for (const type of types)
      expect(destructiveReplacement(subject(type, { replacing: ["x"] }), types)).toBeDefined();
  });
  it("blocks taking another live service over in place of this one (partner.LiveService)", () => {
    expect(
      destructiveReplacement(
        subject(TYPES.partnerLiveService, { replacing: ["liveServiceId"] }, "mx"),
        types,
      ),
    ).toBe(
      'partner.LiveService "mx": changing liveServiceId replaces it: the live service is deleted at the vendor ' +
        "(another one is taken over in its place).",
    );
    // A config written before partner.LiveService existed lists its types and keeps judging only those.
    const before = types.filter((t) => t !== TYPES.partnerLiveService);
    expect(
      destructiveReplacement(subject(TYPES.partnerLiveService, { replacing: ["liveServiceId"] }), before),
    ).toBeUndefined();
  });
  it("passes in-place changes and types left out of its config", () => {
    expect(
      destructiveReplacement(subject(TYPES.resellerclubMailUser, { replacing: [] }), types),
    ).toBeUndefined();
    expect(
      destructiveReplacement(subject(TYPES.resellerclubMailUser, { replacing: ["email"] }), []),
    ).toBeUndefined();
  });
  it("fails closed when what replaces it is unknown", () => {
    expect(() =>
      destructiveReplacement(subject(TYPES.mailupAccount, { replacing: [UNKNOWN] }), types),
    ).toThrow(UnknownInPreview);
  });
});

describe("secrets-must-be-secret", () => {
  it("blocks plain passwords and passes secret ones", () => {
    expect(plainSecrets(subject(TYPES.outmailService, { plainSecretInputs: ["password"] }))).toContain(
      "password is passed as a plain value",
    );
    expect(plainSecrets(subject(TYPES.outmailService, { plainSecretInputs: [] }))).toBeUndefined();
    expect(() => plainSecrets(subject(TYPES.outmailService, { plainSecretInputs: [UNKNOWN] }))).toThrow(
      UnknownInPreview,
    );
  });
});

describe("credit-budget", () => {
  const spend = (name: string, amount: unknown, unit: string, type: string = TYPES.outmailService) =>
    subject(type, { spend: { amount, unit, pending: true } }, name);
  const budget = { maxPartnerCredits: 50, maxMailpartnerEuros: 10 };
  it("adds up each unit against its own budget", () => {
    const within = [
      spend("a", 20, "partner credits"),
      spend("b", 30, "partner credits"),
      spend("c", 10, "EUR"),
    ];
    expect(creditBudget(within, budget, () => false)).toEqual([]);
    const over = [...within, spend("d", 1, "partner credits"), spend("e", 0.5, "EUR")];
    const violations = creditBudget(over, budget, () => false);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toContain(
      '51 partner credits (a 20, b 30, d 1), over the budget of 50 ("maxPartnerCredits" in the credit-budget config)',
    );
    expect(violations[1]).toContain("10.5 EUR (c 10, e 0.5)");
  });
  it("counts the regrades of every live service beside outMail services", () => {
    const mixed = [
      spend("relay", 20, "partner credits"),
      spend("mx", 12, "partner credits", TYPES.partnerLiveService),
      spend("dns", 25, "partner credits", TYPES.partnerLiveService),
    ];
    expect(creditBudget(mixed, budget, () => false)).toEqual([
      expect.stringContaining("57 partner credits (relay 20, mx 12, dns 25), over the budget of 50"),
    ]);
  });
  it("counts only pending spends: an unchanged resource's recorded outputs spend nothing", () => {
    // What outputs written before 0.2 recorded: the spend of the create, without `pending`.
    const recorded = subject(TYPES.outmailService, { spend: { amount: 40, unit: "partner credits" } }, "old");
    const violations = creditBudget([recorded, spend("new", 60, "partner credits")], budget, () => false);
    expect(violations).toEqual([
      expect.stringContaining("60 partner credits (new 60), over the budget of 50"),
    ]);
  });
  it("still honours the deprecated maxOutmailCredits, alone or beside maxPartnerCredits (the smaller wins)", () => {
    const sixty = [spend("a", 60, "partner credits")];
    const old = creditBudget(sixty, { maxOutmailCredits: 50 }, () => false);
    expect(old).toEqual([
      expect.stringContaining(
        'over the budget of 50 ("maxOutmailCredits" in the credit-budget config, deprecated: rename it "maxPartnerCredits")',
      ),
    ]);
    expect(creditBudget(sixty, { maxOutmailCredits: 100 }, () => false)).toEqual([]);
    expect(partnerCreditBudget({ maxOutmailCredits: 30, maxPartnerCredits: 80 })).toEqual({
      max: 30,
      key: "maxOutmailCredits",
    });
    expect(partnerCreditBudget({ maxOutmailCredits: 80, maxPartnerCredits: 30 })).toEqual({
      max: 30,
      key: "maxPartnerCredits",
    });
    expect(partnerCreditBudget({ maxOutmailCredits: 30, maxPartnerCredits: 30 })).toEqual({
      max: 30,
      key: "maxPartnerCredits",
    });
    expect(partnerCreditBudget({})).toEqual({ max: 1000, key: "maxPartnerCredits" });
    expect(creditBudget([spend("a", 1001, "partner credits")], {}, () => false)).toEqual([
      expect.stringContaining('over the budget of 1000 ("maxPartnerCredits"'),
    ]);
  });
  it("leaves allow-listed resources out, and fails closed on an unknown amount", () => {
    const over = [spend("a", 60, "partner credits")];
    expect(creditBudget(over, budget, (s) => s.name === "a")).toEqual([]);
    expect(() => creditBudget([spend("a", UNKNOWN, "partner credits")], budget, () => false)).toThrow(
      UnknownInPreview,
    );
  });
});

describe("allow-list", () => {
  const s = subject(TYPES.outmailService, {}, "relay");
  const now = new Date("2026-11-23T12:00:00Z");
  it("matches by name or URN until the end of its expiry day (UTC)", () => {
    expect(allowance([{ name: "relay", expires: "2026-11-23" }], s, now)).toMatchObject({ allowed: true });
    expect(allowance([{ urn: s.urn, expires: "2027-01-01" }], s, now)).toMatchObject({ allowed: true });
    expect(allowance([{ name: "other", expires: "2027-01-01" }], s, now)).toEqual({
      allowed: false,
      expired: undefined,
    });
  });
  it("reports an expired or unreadable entry so the message can say so", () => {
    const expired = { name: "relay", expires: "2026-11-22" };
    expect(allowance([expired], s, now)).toEqual({ allowed: false, expired });
    expect(allowance([{ name: "relay", expires: "soon" }], s, now)).toMatchObject({ allowed: false });
    expect(howToProceed("outmail-no-downgrade", s, expired)).toContain("expired on 2026-11-22");
  });
});

describe("no-shared-vendor-key", () => {
  const relay = (name: string, props: Record<string, unknown>): Subject => ({
    type: TYPES.outmailService,
    urn: `urn:pulumi:dev::p::${TYPES.outmailService}::${name}`,
    name,
    props,
  });
  const base = { clientId: "9987606", serviceName: "Outmail500", password: "x" };

  test("passes resources with distinct keys", () => {
    expect(
      sharedVendorKeys([relay("a", { ...base, username: "one" }), relay("b", { ...base, username: "two" })]),
    ).toEqual([]);
  });

  test("reports two resources with one username, naming both and the key", () => {
    const [violation, ...rest] = sharedVendorKeys([
      relay("a", { ...base, username: "twin" }),
      relay("b", { ...base, username: "twin" }),
    ]);
    expect(rest).toEqual([]);
    expect(violation).toContain(
      'outmail.Service "a" and outmail.Service "b" both declare the outMail username "twin"',
    );
  });

  test("reports an outMail service adopted by id and a live service declaring that id", () => {
    const live: Subject = {
      type: TYPES.partnerLiveService,
      urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/partner:LiveService::mx",
      name: "mx",
      props: { liveServiceId: "1234931" },
    };
    expect(sharedVendorKeys([relay("a", { ...base, username: "u", adopt: "1234931" }), live])).toEqual([
      expect.stringContaining('the Partner API live service "1234931"'),
    ]);
  });

  test("compares addresses and domains without case, and an adopt id with the address it names", () => {
    const box = (name: string, props: Record<string, unknown>): Subject => ({
      type: TYPES.resellerclubMailUser,
      urn: `urn:x::${name}`,
      name,
      props,
    });
    expect(
      sharedVendorKeys([
        box("a", { email: "Office@Customer.example" }),
        box("b", { email: "sales@customer.example", adopt: "1001/office@customer.example" }),
      ]),
    ).toEqual([expect.stringContaining('the ResellerClub address "office@customer.example"')]);
  });

  test("recognises a shim used as a plain dynamic resource by the type its provider recorded", () => {
    const raw = (name: string): Subject => ({
      type: "pulumi-nodejs:dynamic:Resource",
      urn: `urn:x::${name}`,
      name,
      props: { ...base, username: "raw", policyFacts: { resourceType: "outmail.Service" } },
    });
    expect(sharedVendorKeys([raw("a"), raw("b")])).toHaveLength(1);
  });

  test("leaves out a key whose read throws as unknown (the policy SDK's props), and only that key", () => {
    class Unknown extends Error {}
    const props = (username: string) =>
      new Proxy(
        { ...base, username, adopt: "1234931" },
        {
          get: (target, key) => {
            if (key === "username")
              throw new Unknown("string value at .username can't be known during preview");
            return target[key as keyof typeof target];
          },
        },
      );
    const subjects = [relay("a", props("u")), relay("b", props("u"))];
    expect(() => sharedVendorKeys(subjects)).toThrow(Unknown);
    expect(sharedVendorKeys(subjects, (e) => e instanceof Unknown)).toEqual([
      expect.stringContaining('the Partner API live service "1234931"'),
    ]);
  });

  test("leaves out keys preview does not know yet", () => {
    expect(
      sharedVendorKeys([
        relay("a", { ...base, username: UNKNOWN }),
        relay("b", { ...base, username: UNKNOWN }),
      ]),
    ).toEqual([]);
  });
});

describe("the native provider's resources (mailreseller:<module>:<Type>)", () => {
  /** The same resource under its native token. */
  const native = (s: Subject): Subject => {
    const type = NATIVE_TYPE_TOKENS[labelOfType(s.type)!];
    return { ...s, type, urn: s.urn.replace(s.type, type) };
  };
  const downgrade = serviceNameTransition("BackupMX5", "BackupMX1", 12, 3, "credits");
  const violations: [string, (s: Subject) => string | undefined, Subject][] = [
    ["outmail-no-downgrade", outmailDowngrade, regrade("Outmail1000", "Outmail500", 20, 10)],
    [
      "live-service-no-downgrade",
      liveServiceDowngrade,
      subject(TYPES.partnerLiveService, { product: "backupMX", transition: downgrade }),
    ],
    [
      "mailup-no-profile-downgrade",
      (s) => mailupProfileDowngrade(s),
      subject(TYPES.mailupAccount, {
        transition: { property: "profile", from: "Premium", to: "Trial", fromRank: 2, toRank: 0 },
      }),
    ],
    [
      "mailup-no-pack-reduction",
      mailupPackReduction,
      subject(TYPES.mailupAccountPack, { transition: { from: 5, to: 2, direction: "down" } }),
    ],
    [
      "no-destructive-replacement",
      (s) => destructiveReplacement(s, Object.keys(DESTRUCTIVE_BY_DEFAULT)),
      subject(TYPES.resellerclubMailUser, { replacing: ["email"] }),
    ],
    [
      "secrets-must-be-secret",
      plainSecrets,
      subject(TYPES.outmailService, { plainSecretInputs: ["password"] }),
    ],
  ];

  it.each(violations)(
    "%s judges a native resource as the dynamic one, with the same message",
    (_, rule, s) => {
      const message = rule(s);
      expect(message).toMatch(/^[a-z]+\.[A-Za-z]+ "r1"/);
      expect(rule(native(s))).toBe(message);
    },
  );

  it("no-destructive-replacement's types name a type by either token", () => {
    const replaced = native(subject(TYPES.partnerLiveService, { replacing: ["liveServiceId"] }));
    expect(destructiveReplacement(replaced, [TYPES.partnerLiveService])).toContain(
      "is deleted at the vendor",
    );
    expect(
      destructiveReplacement(subject(TYPES.partnerLiveService, { replacing: ["liveServiceId"] }), [
        NATIVE_TYPE_TOKENS["partner.LiveService"],
      ]),
    ).toContain("is deleted at the vendor");
    expect(destructiveReplacement(replaced, [TYPES.outmailService])).toBeUndefined();
  });

  it("credit-budget and no-shared-vendor-key count native resources too", () => {
    const spend = (name: string, amount: number) =>
      native(
        subject(TYPES.outmailService, { spend: { amount, unit: "partner credits", pending: true } }, name),
      );
    expect(creditBudget([spend("a", 600), spend("b", 500)], {}, () => false)).toEqual([
      expect.stringContaining("1100 partner credits"),
    ]);
    const relay = (name: string) => native(subject(TYPES.outmailService, { username: "twin" }, name));
    expect(sharedVendorKeys([relay("a"), relay("b")])).toEqual([
      expect.stringContaining('outmail.Service "a" and outmail.Service "b" both declare'),
    ]);
  });
});

describe("deletion-guard", () => {
  const resource = (label: ResourceLabel, protect?: boolean, form = NATIVE_TYPE_TOKENS): Subject => ({
    ...subject(form[label], {}, "relay"),
    protect,
  });

  it("blocks each guarded native type registered without protect, saying how to fix it in YAML", () => {
    const message = unprotectedNativeResource(resource("outmail.Service", false));
    expect(message).toMatch(/^outmail\.Service "relay" must not be registered without `protect`/);
    expect(message).toContain("(YAML: `options: { protect: true }`");
    expect(message).toContain("pulumi-mailreseller unprotect --allow FILE");
    expect(message).toContain('"deletion-guard": "disabled"');
    for (const label of GUARDED_TYPES) {
      expect(unprotectedNativeResource(resource(label, false))).toBeDefined();
      // Not shown the option at all counts as not protected: the guard fails closed.
      expect(unprotectedNativeResource(resource(label))).toBeDefined();
    }
  });

  it("passes a protected native resource", () => {
    for (const label of GUARDED_TYPES)
      expect(unprotectedNativeResource(resource(label, true))).toBeUndefined();
  });

  it("leaves dynamic resources to their class, and unguarded and foreign types alone", () => {
    // The class set protect unless the program or mailreseller:deletionGuard chose otherwise.
    expect(unprotectedNativeResource(resource("outmail.Service", false, TYPE_TOKENS))).toBeUndefined();
    // MailPartner has no delete call: deleting a sub-account only forgets it.
    expect(unprotectedNativeResource(resource("mailpartner.Subaccount", false))).toBeUndefined();
    expect(
      unprotectedNativeResource({ ...subject("mailreseller:fleet:Customer", {}), protect: false }),
    ).toBeUndefined();
  });

  it("guards every billable type but MailPartner's sub-account", () => {
    expect(RESOURCE_LABELS.filter((label) => !GUARDED_TYPES.includes(label))).toEqual([
      "mailpartner.Subaccount",
    ]);
  });
});
