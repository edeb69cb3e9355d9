/**
 * "Gone" is an answer, not a failure, for reads and deletes: a read of an object deleted outside Pulumi
 * reports it gone (refresh then drops it from the state), and a delete of an object already gone counts as
 * deleted. The vendor says "gone" with a 404 or its own equivalent, which the request layer turns into a
 * {@link VendorNotFoundError}; every other failure is the caller's.
 */
import { VendorNotFoundError } from "./errors";

/** The call's value, or undefined when the vendor says the object does not exist. */
export async function unlessGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof VendorNotFoundError) return undefined;
    throw err;
  }
}
