/**
 * The four vendor APIs, each under one id in the code: its folder under `provider/` and `sandbox/`, the
 * `vendor` of its errors and the `--vendor` of import-plan. The names a user sees are mapped here once: the
 * display name in messages, the public namespaces its resources are exported under, and the other names
 * the commands accept (the Partner API was first known here as outMail, its best-known product).
 */

interface Vendor {
  /** How messages name the vendor. */
  readonly displayName: string;
  /** The package's public namespaces for its resources and lookups (a contract: they never change). */
  readonly namespaces: readonly string[];
  /** Other names a command accepts for it. */
  readonly otherNames: readonly string[];
}

export const VENDORS = {
  partner: {
    displayName: "outMail Partner API",
    namespaces: ["outmail", "partner"],
    otherNames: ["outmail"],
  },
  resellerclub: { displayName: "ResellerClub", namespaces: ["resellerclub"], otherNames: [] },
  mailup: { displayName: "MailUp", namespaces: ["mailup"], otherNames: [] },
  mailpartner: { displayName: "MailPartner", namespaces: ["mailpartner"], otherNames: [] },
} as const satisfies Record<string, Vendor>;

/** A vendor API this package talks to, by its one id. */
export type VendorName = keyof typeof VENDORS;

/** Every vendor id, in the order commands read them. */
export const VENDOR_NAMES = Object.keys(VENDORS) as VendorName[];

/** How messages name a vendor. */
export function vendorDisplayName(vendor: VendorName): string {
  return VENDORS[vendor].displayName;
}

/** The vendor a user's word names (its id or one of its other names), if any. */
export function vendorNamed(word: string): VendorName | undefined {
  const lower = word.toLowerCase();
  return VENDOR_NAMES.find(
    (v) => v === lower || (VENDORS[v].otherNames as readonly string[]).includes(lower),
  );
}
