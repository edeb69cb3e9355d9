import type { Request, Response, Router } from "express";

/**
 * One simulated vendor API. The server mounts every vendor the same way (request log, body parsing and
 * fault injection in front of `router`), so adding a vendor means adding a folder that builds one of these.
 */
export interface SandboxVendor {
  /** Short name used in the request log, in fault rules and under `/__sandbox/<name>`. */
  readonly name: string;
  /** Path prefix the vendor's API is served under, e.g. `/partner/api-v1`. */
  readonly prefix: string;
  /** The vendor's API, relative to `prefix`. */
  readonly router: Router;
  /** Vendor-specific admin routes, relative to `/__sandbox/<name>`. */
  readonly adminRouter: Router;
  /**
   * Answers with the vendor's own error shape. Shared middleware (injected faults, unreadable bodies)
   * uses it so that a client sees every failure exactly as the real vendor would report it.
   */
  sendError(req: Request, res: Response, status: number, name: string, message: string): void;
  /** Puts the vendor's state back to its seed. */
  reset(): void;
  /**
   * Every billable object the vendor holds and the money or credits moved so far (`GET
   * /__sandbox/ledger`), for comparing with Pulumi state: no secrets.
   */
  ledger(): unknown;
}
