/**
 * The vendor keys: what identifies one vendor object, so that no object ever has two owners in a stack.
 *
 * Two resources that name the same object (an outMail username, a live service id, a mailbox address…)
 * both believe they own it: a tier change on either regrades the other's service, and deleting either one
 * deletes what the other still declares. Three places refuse that, each with what it can see, and all of
 * them read the keys from this one table:
 * - the resource classes, in the program (provider/core/program/claims.ts): they see every declaration of the
 *   program, so a program declaring one key twice fails before any resource is registered;
 * - the policy pack's `no-shared-vendor-key` (policy/rules.ts): it sees the whole stack as the program
 *   declares it, also for programs written without the package's classes;
 * - the provider (provider/core/resource/holders.ts): it sees one resource at a time, but every resource of the
 *   run, so taking over never takes an object another resource of the run holds, and deleting never
 *   deletes an object another resource of the run still holds.
 *
 * This module imports only the type tokens, so the policy pack loads no provider code with it.
 */
import { type ResourceLabel, RESOURCE_LABELS, labelOfType } from "./type-tokens";

export { type ResourceLabel, TYPE_TOKENS, labelOfType } from "./type-tokens";

/** What a key identifies; the words appear in messages (`the outMail username "relay"`). */
export type VendorKeyKind =
  | "outMail username"
  | "Partner API live service"
  | "ResellerClub address"
  | "MailPartner address"
  | "MailUp domain"
  | "MailUp account"
  | "MailUp account pack";

/** One vendor object's key, normalised as the vendor compares it. */
export interface VendorKey {
  kind: VendorKeyKind;
  value: string;
}

/**
 * The resource type of a resource: by its type token, else by the type its provider recorded in its
 * checked inputs (a program that uses the shims as plain `pulumi.dynamic.Resource`s has the generic
 * type token, and analyzers are not shown `__provider`).
 */
export function labelOfResource(typeToken: string, recordedType: unknown): ResourceLabel | undefined {
  const byType = labelOfType(typeToken);
  if (byType !== undefined) return byType;
  return RESOURCE_LABELS.find((label) => label === recordedType);
}

/** One key a resource declares: its kind, the inputs it is made of, and how. */
export interface KeyRule {
  kind: VendorKeyKind;
  /** The inputs the key is made of (the program resolves these before it can compare). */
  inputs: readonly string[];
  /** The key from those inputs' values; undefined when the resource does not declare one. */
  value: (values: Readonly<Record<string, unknown>>) => string | undefined;
}

const lower = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : undefined);
const exact = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
/** The address of a ResellerClub adopt id, "ORDER_ID/EMAIL". */
const afterSlash = (v: unknown) => (typeof v === "string" ? lower(v.slice(v.indexOf("/") + 1)) : undefined);

// Addresses and domain names are compared without case, as mail systems and DNS compare them; usernames
// and ids as given. A key the vendor would tell apart but this table does not only fails safe (a false
// "declared twice").
const single = (kind: VendorKeyKind, input: string, normalise = exact): KeyRule => ({
  kind,
  inputs: [input],
  value: (values) => normalise(values[input]),
});

/** The keys each resource type declares in its inputs. */
export const KEY_RULES: Record<ResourceLabel, readonly KeyRule[]> = {
  "outmail.Service": [single("outMail username", "username"), single("Partner API live service", "adopt")],
  "partner.LiveService": [single("Partner API live service", "liveServiceId")],
  "resellerclub.MailUser": [
    single("ResellerClub address", "email", lower),
    single("ResellerClub address", "adopt", afterSlash),
  ],
  "resellerclub.ForwardOnlyAccount": [
    single("ResellerClub address", "email", lower),
    single("ResellerClub address", "adopt", afterSlash),
  ],
  "mailpartner.Subaccount": [
    single("MailPartner address", "email", lower),
    single("MailPartner address", "adopt", lower),
  ],
  "mailup.Account": [
    {
      kind: "MailUp domain",
      inputs: ["customSubdomain", "customDomain"],
      value: (v) => {
        const sub = lower(v.customSubdomain);
        const domain = lower(v.customDomain);
        return sub && domain ? `${sub}.${domain}` : undefined;
      },
    },
    single("MailUp account", "adopt"),
  ],
  "mailup.AccountPack": [
    {
      kind: "MailUp account pack",
      inputs: ["accountId", "pack"],
      value: (v) => {
        const account = exact(v.accountId);
        const pack = lower(v.pack);
        return account && pack ? `${account}/${pack}` : undefined;
      },
    },
    single("MailUp account pack", "adopt", lower),
  ],
};

/** The key a resource's id is, for the types whose id names the vendor object on its own. */
export const ID_KINDS: Partial<Record<ResourceLabel, VendorKeyKind>> = {
  "outmail.Service": "Partner API live service",
  "partner.LiveService": "Partner API live service",
  "mailup.Account": "MailUp account",
  "mailup.AccountPack": "MailUp account pack",
};

/** The distinct keys a resource's inputs declare (values not known yet are left out). */
export function declaredKeys(label: ResourceLabel, inputs: Readonly<Record<string, unknown>>): VendorKey[] {
  const keys: VendorKey[] = [];
  for (const rule of KEY_RULES[label]) {
    const value = rule.value(inputs);
    if (value === undefined || keys.some((k) => sameKey(k, { kind: rule.kind, value }))) continue;
    keys.push({ kind: rule.kind, value });
  }
  return keys;
}

/**
 * The keys of a vendor object a resource holds: those its inputs declare, plus its id where the id names
 * the object (a live service id, a MailUp account id).
 */
export function heldKeys(
  label: ResourceLabel,
  id: string | undefined,
  props: Readonly<Record<string, unknown>>,
): VendorKey[] {
  const keys = declaredKeys(label, props);
  const idKind = ID_KINDS[label];
  const idValue = idKind === "MailUp account pack" ? lower(id) : exact(id);
  if (idKind && idValue && !keys.some((k) => sameKey(k, { kind: idKind, value: idValue }))) {
    keys.push({ kind: idKind, value: idValue });
  }
  return keys;
}

export function sameKey(a: VendorKey, b: VendorKey): boolean {
  return a.kind === b.kind && a.value === b.value;
}

/** A key as messages name it: `the outMail username "relay"`. */
export function describeKey(key: VendorKey): string {
  return `the ${key.kind} "${key.value}"`;
}

/** The map key of a vendor key. */
export function keyId(key: VendorKey): string {
  return `${key.kind}\u0000${key.value}`;
}

/** How messages name a resource: `outmail.Service "relay"`. */
export function describeResource(label: string, name: string): string {
  return `${label} "${name}"`;
}

/** One key declared by more than one resource. */
export interface SharedKey {
  key: VendorKey;
  /** The resources declaring it, in declaration order. */
  holders: string[];
}

/** The keys that more than one of the given resources declare. */
export function sharedKeys(
  resources: readonly { holder: string; keys: readonly VendorKey[] }[],
): SharedKey[] {
  const byKey = new Map<string, SharedKey>();
  for (const { holder, keys } of resources) {
    for (const key of keys) {
      const entry = byKey.get(keyId(key)) ?? { key, holders: [] };
      if (!entry.holders.includes(holder)) entry.holders.push(holder);
      byKey.set(keyId(key), entry);
    }
  }
  return [...byKey.values()].filter((e) => e.holders.length > 1);
}

/** The message for a key declared more than once. */
export function sharedKeyMessage(shared: SharedKey): string {
  return (
    `${shared.holders.join(" and ")} ${shared.holders.length === 2 ? "both" : "all"} declare ${describeKey(shared.key)}: one vendor object can have only ` +
    "one owner in a stack (with two, a change to either one changes the other's, and deleting either one " +
    "deletes what the other still declares). Keep one of them; to move it to the other name, use the " +
    "`aliases` resource option."
  );
}
