/**
 * Read-only lookups for programs: MailUp profiles, the packs and languages a profile allows, every page
 * of each. They run in the program (also during preview) and read the `mailreseller:mailup*` config of
 * the stack, or the MAILRESELLER_MAILUP_* environment variables.
 */
import { notFoundAtVendor } from "../core/transport/errors";
import { programConfig } from "../core/program/program-config";
import { mailupClientFromConfig } from "./client";
import type { MailupPack, MailupProfile } from "./lookup-types";

export type { MailupPack, MailupProfile } from "./lookup-types";

/** Every retailer-defined profile (Trial, Economy, Premium, …), ordered by ClientCode. */
export async function getProfiles(): Promise<MailupProfile[]> {
  const profiles = await mailupClientFromConfig(programConfig()).listProfiles();
  return [...profiles].sort((a, b) => a.clientCode - b.clientCode);
}

/**
 * One profile, by id (`"1048"`) or by name (`"Premium"`, case-insensitive). Fails listing the profiles that exist.
 *
 * @param idOrName - The profile's id (`"1048"`) or name (`"Premium"`, any case).
 */
export async function getProfile(idOrName: string): Promise<MailupProfile> {
  const profiles = await getProfiles();
  const found = findProfile(profiles, idOrName);
  if (!found) {
    throw notFoundAtVendor(
      { vendor: "mailup", operation: "get profile", resource: idOrName },
      `no profile "${idOrName}"; profiles: ${profiles.map((p) => `${p.name} (${p.id})`).join(", ")}`,
    );
  }
  return found;
}

/**
 * The packs a profile allows, with their Min and Max quantities.
 *
 * @param profileIdOrName - The profile's id (`"1048"`) or name (`"Premium"`, any case).
 */
export async function getProfilePacks(profileIdOrName: string): Promise<MailupPack[]> {
  const profile = await getProfile(profileIdOrName);
  return mailupClientFromConfig(programConfig()).listProfilePacks(profile.id);
}

/**
 * The two-letter language codes a profile allows.
 *
 * @param profileIdOrName - The profile's id (`"1048"`) or name (`"Premium"`, any case).
 */
export async function getProfileLanguages(profileIdOrName: string): Promise<string[]> {
  const profile = await getProfile(profileIdOrName);
  return mailupClientFromConfig(programConfig()).listProfileLanguages(profile.id);
}

/** @internal Finds a profile by id or case-insensitive name. */
export function findProfile(profiles: MailupProfile[], idOrName: string): MailupProfile | undefined {
  return (
    profiles.find((p) => p.id === idOrName) ??
    profiles.find((p) => p.name.toLowerCase() === idOrName.toLowerCase())
  );
}
