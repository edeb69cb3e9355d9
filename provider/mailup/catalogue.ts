/**
 * MailUp's catalogue (profiles, their languages and packs) as `check` reads it: once per provider
 * process, however many accounts and packs a program declares. The catalogue is the retailer's set-up,
 * which does not change during one `pulumi` operation; a failed read is not remembered.
 */
import { RememberedReads } from "../core/transport/remembered";
import type { MailupClient, MailupPack, MailupProfile } from "./client";

const profiles = new RememberedReads<"all", MailupProfile[]>();
const languages = new RememberedReads<string, string[]>();
const packs = new RememberedReads<string, MailupPack[]>();

export function cachedProfiles(api: MailupClient): Promise<MailupProfile[]> {
  return profiles.get("all", () => api.listProfiles());
}

export function cachedProfileLanguages(api: MailupClient, profileId: string): Promise<string[]> {
  return languages.get(profileId, () => api.listProfileLanguages(profileId));
}

export function cachedProfilePacks(api: MailupClient, profileId: string): Promise<MailupPack[]> {
  return packs.get(profileId, () => api.listProfilePacks(profileId));
}

/** @internal Forgets everything read, as a new provider process would (for tests). */
export function forgetCatalogue(): void {
  profiles.clear();
  languages.clear();
  packs.clear();
}
