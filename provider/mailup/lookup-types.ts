/**
 * The types the MailUp lookups return (provider/mailup/lookups.ts). They are part of the published
 * types, so they live apart from the client: its declarations import zod, whose own need compiler flags
 * (esModuleInterop) that many Pulumi projects' tsconfig does not set. Nothing here may import zod
 * (test/package/pack.test.ts checks the published declarations).
 */

/** A retailer-defined profile (Trial, Economy, Premium). `clientCode` orders them. */
export type MailupProfile = { id: string; name: string; description?: string; clientCode: number };

/** A pack a profile allows, with the quantities it allows. */
export type MailupPack = { id: string; name: string; description?: string; min: number; max: number };
