/**
 * MailUp's catalogue (profiles, their languages and packs) as `check` reads it: once per provider
 * process, however many accounts and packs a program declares. The catalogue is the retailer's set-up,
 * which does not change during one `pulumi` operation; a failed read is not remembered.
 */
import type { MailupClient, MailupPack, MailupProfile } from "./client";

let profiles: Promise<MailupProfile[]> | undefined;
const languages = new Map<string, Promise<string[]>>();
const packs = new Map<string, Promise<MailupPack[]>>();

function remembered<T>(read: () => Promise<T>, forget: () => void): Promise<T> {
  const pending = read();
  pending.catch(forget);
  return pending;
}

export function cachedProfiles(api: MailupClient): Promise<MailupProfile[]> {
  profiles ??= remembered(
    () => api.listProfiles(),
    () => (profiles = undefined),
  );
  return profiles;
}

export function cachedProfileLanguages(api: MailupClient, profileId: string): Promise<string[]> {
  if (!languages.has(profileId)) {
    languages.set(
      profileId,
      remembered(
        () => api.listProfileLanguages(profileId),
        () => languages.delete(profileId),
      ),
    );
  }
  return languages.get(profileId)!;
}

export function cachedProfilePacks(api: MailupClient, profileId: string): Promise<MailupPack[]> {
  if (!packs.has(profileId)) {
    packs.set(
      profileId,
      remembered(
        () => api.listProfilePacks(profileId),
        () => packs.delete(profileId),
      ),
    );
  }
  return packs.get(profileId)!;
}

/** @internal Forgets everything read, as a new provider process would (for tests). */
export function forgetCatalogue(): void {
  profiles = undefined;
  languages.clear();
  packs.clear();
}
