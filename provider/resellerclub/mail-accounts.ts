/**
 * What ResellerClub's two mail resources (mail users and forward-only accounts) share: their identity
 * fields, their resource id, and how a lost `add` is resolved.
 */
import { z } from "zod";

import { withHint } from "../core/transport/errors";
import { emailAddress, numericId, text } from "../core/resource/fields";
import { lookUp, mayHaveBeenApplied, outcomeUnknown } from "../core/resource/lost-write";
import { type TakeOverRequest, takeOverOnConflict } from "../core/resource/take-over";
import { MailUserRecord, ResellerclubClient, isAddressTaken } from "./client";

/**
 * Shared by the mail resources: an order id, an address on it, and the `adopt` id of an existing one
 * (documented on `MailUserArgs` and `ForwardOnlyAccountArgs`).
 */
export const orderIdSchema = numericId("the numeric id of an email order");
export const addressSchema = emailAddress("an email address on the order's domain").transform((e) =>
  e.toLowerCase(),
);

/** "ORDER_ID/EMAIL" of an existing `what`: an order id, a slash, an email address. */
export function adoptIdSchema(what: string): z.ZodString {
  return text({
    expected: `"ORDER_ID/EMAIL" of an existing ${what}`,
    max: 20 + 1 + 254, // a numeric id, the slash and an email address
    test: (id) => {
      const slash = id.indexOf("/");
      return slash > 0 && /^\d+$/.test(id.slice(0, slash)) && z.regexes.email.test(id.slice(slash + 1));
    },
  });
}

/** "ORDER_ID/EMAIL" → [orderId, email]. */
export function splitId(id: string): [string, string] {
  const slash = id.indexOf("/");
  return [id.slice(0, slash), id.slice(slash + 1).toLowerCase()];
}

/**
 * An `add` that failed. A taken address says how to adopt it. One whose answer was lost may have been
 * applied: the address is looked up (a search read to its end), and taken when it is of the kind asked
 * for; otherwise the error says whether anything exists, or that the outcome is unknown when the look
 * failed too. Never sent again.
 */
export async function recoverCreate(
  api: ResellerclubClient,
  orderId: string,
  email: string,
  err: unknown,
  isOurs: (live: MailUserRecord) => boolean,
  takeOver: Pick<TakeOverRequest<MailUserRecord>, "resource" | "compare" | "confirm">,
): Promise<void> {
  const adopt = `\`adopt: "${orderId}/${email}"\``;
  if (isAddressTaken(err)) {
    // Taken by the account a killed run created, when it matches the program exactly (core/resource/take-over.ts).
    await takeOverOnConflict({
      ...takeOver,
      conflict: err,
      what: `${email} on order ${orderId}`,
      adoptHint: () => `${orderId}/${email}`,
      find: () => api.findUser(orderId, email),
    });
    return;
  }
  if (!mayHaveBeenApplied(err)) throw err;
  const look = await lookUp(() => api.findUser(orderId, email));
  if (look.kind === "found" && isOurs(look.value)) return;
  if (look.kind === "unknown") {
    throw outcomeUnknown(
      err,
      look,
      `Look for ${email} on order ${orderId} in the ResellerClub control panel: if it is there, set ${adopt} on this resource; if not, run \`pulumi up\` again`,
    );
  }
  throw withHint(
    err,
    look.kind === "found"
      ? `${email} now exists but is not what this resource creates; inspect it, and set ${adopt} if it is yours`
      : `${email} is not on order ${orderId} (mail/users/search read to its end), so nothing was created; it is safe to run \`pulumi up\` again`,
  );
}
