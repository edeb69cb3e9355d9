/**
 * Packs on an account: `POST Account/{id}/Pack/{id_Pack}` with its Codes 1-4, the console's change (for
 * drift) and the month end that applies pending removals. They keep two counts, `Quantity` and
 * `CurrentQuantity`, whose difference is the whole point of these rules, so they get their own module.
 */

import { HttpError } from "../core/http";
import type { AccountRecord } from "./accounts";
import { profileSeedById } from "./catalogue";
import { MailUpResultError } from "./errors";

export interface PackResult {
  Code: 0;
  Description: "Ok";
}

const WORK_MODES = ["incremental", "absolute"] as const;
type WorkMode = (typeof WORK_MODES)[number];

function packFailure(code: 1 | 2 | 3 | 4): MailUpResultError {
  const descriptions = {
    1: "Quantity limits exceeded",
    2: "Profile rules error",
    3: "Invalid quantity",
    4: "Invalid workmode",
  } as const;
  return new MailUpResultError(403, code, descriptions[code]);
}

/** A non-numeric `id_Pack` is the REST error 400 "Invalid pack.", checked before the account. */
export function packIdFrom(idPack: string): number {
  if (!/^\d{1,15}$/.test(idPack)) throw new HttpError(400, "BadRequest", "Invalid pack.");
  return Number(idPack);
}

/**
 * MailUp's pack section (help.mailup.com diffpages 36348981→36349130): Code 3 is only an absolute
 * quantity below 0; Code 2 is a profile rule (the page's example: a pack related to SMS cannot be
 * removed), which the sandbox answers for a pack the account's profile does not offer (assumed: the page
 * does not say). A quantity that is not a whole number cannot be bound to the call (400, assumed). Then
 * Codes 4, 3, 2, 1, in that order (ours). `Quantity` takes the new total at once; `CurrentQuantity`
 * follows an increase at once but a decrease only at the month end. A total of 0 is "no pack" and always
 * allowed; adding 0 changes nothing.
 */
export function setPack(account: AccountRecord, packId: number, body: Record<string, unknown>): PackResult {
  const raw = body.Quantity;
  // Form bodies carry numbers as strings.
  const quantity = typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof quantity !== "number" || !Number.isSafeInteger(quantity)) {
    throw new HttpError(400, "BadRequest", "Quantity must be a whole number.");
  }
  const modeText = typeof body.WorkMode === "string" ? body.WorkMode.toLowerCase() : undefined;
  const mode: WorkMode | undefined = WORK_MODES.find((m) => m === modeText);
  if (mode === undefined) throw packFailure(4);
  if (mode === "absolute" && quantity < 0) throw packFailure(3);
  const pack = profileSeedById(account.profileId).packs.find((p) => p.Id === packId);
  if (pack === undefined) throw packFailure(2);
  const holding = account.packs.get(pack.Id) ?? { quantity: 0, currentQuantity: 0 };
  const total = mode === "absolute" ? quantity : holding.quantity + quantity;
  if (total !== 0 && (total < pack.Min || total > pack.Max)) throw packFailure(1);

  holding.quantity = total;
  holding.currentQuantity = Math.max(holding.currentQuantity, total);
  if (holding.quantity === 0 && holding.currentQuantity === 0) account.packs.delete(pack.Id);
  else account.packs.set(pack.Id, holding);
  return { Code: 0, Description: "Ok" };
}

/**
 * A pack quantity changed in the MailUp console (admin API, for drift): sets `Quantity` and
 * `CurrentQuantity` at once, as a console change does, within the pack's Min/Max.
 */
export function setPackFromConsole(account: AccountRecord, idPack: string, quantity: number): PackResult {
  const packId = packIdFrom(idPack);
  const result = setPack(account, packId, { WorkMode: "absolute", Quantity: quantity });
  const holding = account.packs.get(packId);
  if (holding) holding.currentQuantity = holding.quantity;
  return result;
}

/** Applies pending removals: CurrentQuantity := Quantity; packs down to 0 disappear. */
export function monthEnd(accounts: Iterable<AccountRecord>): number {
  let changed = 0;
  for (const account of accounts) {
    for (const [packId, holding] of account.packs) {
      if (holding.currentQuantity !== holding.quantity) changed += 1;
      holding.currentQuantity = holding.quantity;
      if (holding.quantity === 0) account.packs.delete(packId);
    }
  }
  return changed;
}
