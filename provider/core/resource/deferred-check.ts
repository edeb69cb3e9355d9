/**
 * `check`'s vendor reads when the vendor is busy. The engine ends the whole deployment at the first failed
 * check, even with `--continue-on-error`, so a transient failure of a read that only verifies inputs
 * (the create or update that applies them reads and validates again) defers that verification with a
 * warning instead of failing every other resource's change. Any other failure is thrown.
 */
import { isTransientVendorError } from "../transport/errors";
import { warnOperator } from "./warn";

/** @param what - what is left unverified, as a plural subject: "The pack and quantity of …". */
export async function deferCheckIfVendorBusy(err: unknown, what: string): Promise<void> {
  if (!isTransientVendorError(err)) throw err;
  await warnOperator(`${err.message}. ${what} are checked when the change is applied instead`);
}
