/**
 * What ResellerClub's two mail resources (mail users and forward-only accounts) share: their identity
 * fields, their resource id, how a lost `add` is resolved and what an import reads.
 */
import { z } from "zod";

import { refusedBeforeCall, withHint } from "../core/transport/errors";
import { type ResourceLabel, nativeTypeToken } from "../core/protocol/type-tokens";
import { emailAddress, numericId, text } from "../core/resource/fields";
import { lookUp, mayHaveBeenApplied, outcomeUnknown } from "../core/resource/lost-write";
import { type TakeOverRequest, takeOverOnConflict } from "../core/resource/take-over";
import { MailUserRecord, ResellerclubClient, accountKindOf, isAddressTaken } from "./client";

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

/** The resource that manages each kind of account. */
const RESOURCE_OF_KIND = {
  mailbox: "resellerclub.MailUser",
  "forward-only account": "resellerclub.ForwardOnlyAccount",
} as const satisfies Record<string, ResourceLabel>;

/**
 * The account a `pulumi import` names (the native provider's Read without state), found as `adopt` finds
 * it: by an id of the form `adopt` takes ("ORDER_ID/EMAIL", the resource id), and only when it is of the
 * kind the resource manages, since `adopt` refuses the other kind too. Undefined when the order does not
 * list it (the engine then says the resource does not exist). Reads only.
 */
export async function importedAccount(
  api: ResellerclubClient,
  id: string,
  kind: keyof typeof RESOURCE_OF_KIND,
): Promise<{ orderId: string; email: string; live: MailUserRecord } | undefined> {
  const label = RESOURCE_OF_KIND[kind];
  const context = { vendor: "resellerclub" as const, operation: `import ${kind}`, resource: id };
  if (!adoptIdSchema(kind).safeParse(id).success) {
    throw refusedBeforeCall(
      context,
      `cannot import ${JSON.stringify(id)} as a ${label}: its id is "ORDER_ID/EMAIL", the order's id (digits), ` +
        "a slash and the address",
      `Give the id as \`pulumi import ${nativeTypeToken(label)} NAME 1001/office@example.com\` does`,
    );
  }
  const [orderId, email] = splitId(id);
  const live = await api.findUser(orderId, email);
  if (!live) return undefined;
  const found = accountKindOf(live);
  if (found !== kind) {
    const other = RESOURCE_OF_KIND[found];
    throw refusedBeforeCall(
      context,
      `cannot import ${orderId}/${email} as a ${label}: it is a ${found}`,
      `Import it as a ${other} (\`${nativeTypeToken(other)}\`)`,
    );
  }
  return { orderId, email, live };
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
