/**
 * The products of the Partner API, in a module of their own (no Pulumi runtime), so the `import-plan`
 * command can name them without loading the resources.
 */

/** The products of the Partner API, spelled as Prolateral's KB writes them (KB 403, 405, 406). */
export const PARTNER_PRODUCTS = [
  "outMail",
  "Profilter",
  "fakeMX",
  "backupMX",
  "masterDNS",
  "backupDNS",
] as const;
/** One of {@link PARTNER_PRODUCTS}. */
export type PartnerProduct = (typeof PARTNER_PRODUCTS)[number];

/** `product` in the KB's spelling when it is one of the products without regard to case (`backupmx`). */
export function partnerProduct(product: string | undefined): PartnerProduct | undefined {
  return PARTNER_PRODUCTS.find((p) => p.toLowerCase() === product?.toLowerCase());
}
