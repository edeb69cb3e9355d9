/**
 * The retailer's catalogue: the seeded profiles with their packs and languages, looked up by the ids URLs
 * carry, and the docs' paging that the Management lists answer in. The catalogue never changes while the
 * sandbox runs, so it is functions over the seed rather than part of the state.
 */

import { HttpError } from "../core/http";
import { NO_PROFILE, forbidden, idFrom } from "./errors";
import { type MailUpPack, type MailUpProfile, type MailUpProfileSeed, SEED_PROFILES } from "./seed";

export const DEFAULT_PAGE_SIZE = 20;

/** `{"IsPaginated","Items","PageNumber","PageSize","Skipped","TotalElementsCount"}`, as in the docs' lists. */
export interface MailUpPage<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

/** Query parameters as received; absent means not sent. */
export interface PageRequest {
  PageSize?: string;
  PageNumber?: string;
}

/** A profile as the admin snapshot shows it: the listed fields and what the seed adds. */
export type CatalogueProfile = MailUpProfile & { Trial: boolean; Packs: MailUpPack[]; Languages: string[] };

function pageNumberFrom(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min) {
    throw new HttpError(400, "BadRequest", `${name} must be an integer >= ${min}.`);
  }
  return Number(value);
}

/** The docs' paging: 0-based PageNumber, PageSize 20 unless given; IsPaginated says whether it was. */
export function paginate<T>(items: readonly T[], request: PageRequest = {}): MailUpPage<T> {
  const size = pageNumberFrom("PageSize", request.PageSize, 1);
  const number = pageNumberFrom("PageNumber", request.PageNumber, 0) ?? 0;
  const pageSize = size ?? DEFAULT_PAGE_SIZE;
  const skipped = pageSize * number;
  return {
    IsPaginated: size !== undefined,
    Items: items.slice(skipped, skipped + pageSize),
    PageNumber: number,
    PageSize: pageSize,
    Skipped: skipped,
    TotalElementsCount: items.length,
  };
}

/** The profile a URL's `id_Profile` names; 403 for anything else. */
export function profileSeed(idProfile: string): MailUpProfileSeed {
  return profileSeedById(idFrom(idProfile, NO_PROFILE));
}

export function profileSeedById(id: number): MailUpProfileSeed {
  const seed = SEED_PROFILES.find((p) => p.profile.Id === id);
  if (seed === undefined) throw forbidden(NO_PROFILE);
  return seed;
}

/** Every pack of every profile by id, for naming the packs an account holds. */
export function packNames(): Map<number, string> {
  return new Map(SEED_PROFILES.flatMap((p) => p.packs).map((p) => [p.Id, p.Name]));
}

/** `GET Management/Profile`. */
export function profilesPage(page?: PageRequest): MailUpPage<MailUpProfile> {
  return paginate(
    SEED_PROFILES.map((p) => ({ ...p.profile })),
    page,
  );
}

/** `GET Management/Profile/{id_Profile}/Pack`. */
export function packsPage(idProfile: string, page?: PageRequest): MailUpPage<MailUpPack> {
  return paginate(
    profileSeed(idProfile).packs.map((p) => ({ ...p })),
    page,
  );
}

/** `GET Management/Profile/{id_Profile}/Lang`: a page, where the seed shows a bare array (README). */
export function languagesPage(idProfile: string, page?: PageRequest): MailUpPage<string> {
  return paginate(profileSeed(idProfile).languages, page);
}

/** Every profile with its packs and languages, copied for the admin snapshot. */
export function catalogueProfiles(): CatalogueProfile[] {
  return SEED_PROFILES.map((p) => ({
    ...p.profile,
    Trial: p.trial,
    Packs: p.packs.map((k) => ({ ...k })),
    Languages: [...p.languages],
  }));
}
