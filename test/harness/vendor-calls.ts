/**
 * What an engine step asked of the vendors, from the sandbox's request log: every call, and the writes
 * among them, printed under the step's name (the issues' closing notes quote these lines).
 */
import type { Sandbox } from "../../sandbox/server";

/** A call as `METHOD vendor path`. */
export type VendorCall = string;

/**
 * Whether a call changes anything at a vendor: every method but GET, except MailUp's token request, a
 * POST that only grants a token.
 */
export function isWrite(call: VendorCall): boolean {
  return !call.startsWith("GET ") && !call.endsWith("/OAuth/Token");
}

/** Runs `run`, prints the vendor calls it made, and returns its result with those calls and writes. */
export async function step<T>(
  sandbox: Sandbox,
  label: string,
  run: () => Promise<T>,
): Promise<{ result: T; calls: VendorCall[]; writes: VendorCall[] }> {
  const before = sandbox.requests.length;
  const result = await run();
  const calls = sandbox.requests.slice(before).map((r) => `${r.method} ${r.vendor} ${r.path}`);
  const writes = calls.filter(isWrite);
  console.log(`${label}: ${calls.length} vendor calls (${writes.length} writes)\n  ${calls.join("\n  ")}`);
  return { result, calls, writes };
}
