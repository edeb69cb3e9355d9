/**
 * The dated allow-list: one format for every deliberate exception, read by the policy pack (an approved
 * downgrade, replacement or spend) and by `pulumi-mailreseller unprotect` (an approved deletion), so a
 * reviewer meets the same entry wherever a change is let through.
 */

/** One approved exception: a resource by URN or name, until a date (inclusive, UTC). */
export interface AllowEntry {
  urn?: string;
  name?: string;
  /** `YYYY-MM-DD`; after that day the entry no longer applies and the change is blocked again. */
  expires: string;
  reason?: string;
}

/** What an allow-list says about a resource. */
export type Allowance = { allowed: true; entry: AllowEntry } | { allowed: false; expired?: AllowEntry };

/** Whether an allow-list entry covers the resource today. An unreadable date counts as expired. */
export function allowance(
  entries: readonly AllowEntry[] | undefined,
  subject: { urn: string; name: string },
  now: Date,
): Allowance {
  let expired: AllowEntry | undefined;
  for (const entry of entries ?? []) {
    const matches =
      (entry.urn !== undefined && entry.urn === subject.urn) ||
      (entry.name !== undefined && entry.name === subject.name);
    if (!matches) continue;
    const end = Date.parse(`${entry.expires}T23:59:59.999Z`);
    if (!Number.isNaN(end) && now.getTime() <= end) return { allowed: true, entry };
    expired = entry;
  }
  return { allowed: false, expired };
}
