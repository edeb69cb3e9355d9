import express, { Router } from "express";

import { FaultInjector, FaultRuleError } from "./faults";
import { ErrorSender, HttpError, errorHandler, isRecord, requestPath, sendNamedError } from "./http";
import { RequestLog } from "./request-log";
import type { SandboxVendor } from "./vendor";

export const ADMIN_PREFIX = "/__sandbox";

export interface AdminDeps {
  log: RequestLog;
  faults: FaultInjector;
  vendors: readonly SandboxVendor[];
  /** Vendor state back to seed, no faults, empty log. */
  reset(): void;
}

/** The admin API answers errors in the same `{"error":{"name","url","message"}}` shape as the Partner API. */
export const sendAdminError: ErrorSender = sendNamedError;

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

/**
 * `/__sandbox`: no authentication, because the server only listens on loopback; the address check is a
 * second line in case someone puts a proxy in front of it.
 */
export function createAdminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (isLoopback(req.socket.remoteAddress)) next();
    else sendAdminError(req, res, 403, "Forbidden", "The sandbox admin API only answers loopback clients.");
  });
  router.use(express.json({ limit: "1mb" }));

  router.get("/requests", (_req, res) => {
    res.json({ requests: deps.log.entries() });
  });
  router.delete("/requests", (_req, res) => {
    res.json({ cleared: deps.log.clear() });
  });

  router.get("/faults", (_req, res) => {
    res.json({ faults: deps.faults.list() });
  });
  router.post("/faults", (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || !Array.isArray(body.faults)) {
      sendAdminError(req, res, 400, "BadRequest", 'Expected a JSON body {"faults": [FaultRule, ...]}.');
      return;
    }
    res.status(201).json({ faults: deps.faults.addAll(body.faults) });
  });
  router.delete("/faults", (_req, res) => {
    res.json({ cleared: deps.faults.clear() });
  });

  router.get("/ledger", (_req, res) => {
    res.json(Object.fromEntries(deps.vendors.map((v) => [v.name, v.ledger()])));
  });

  router.post("/reset", (_req, res) => {
    deps.reset();
    res.json({ reset: true });
  });

  for (const vendor of deps.vendors) router.use(`/${vendor.name}`, vendor.adminRouter);

  router.use((req, res) => {
    sendAdminError(req, res, 404, "NotFound", `No sandbox admin route ${req.method} ${requestPath(req)}.`);
  });
  const onError = errorHandler(sendAdminError, (err) => {
    if (err instanceof FaultRuleError) return new HttpError(400, "BadRequest", err.message);
    if (isRecord(err) && typeof err.type === "string" && typeof err.status === "number") {
      return new HttpError(err.status, "BadRequest", `The request body could not be read (${err.type}).`);
    }
    return undefined;
  });
  router.use(onError);
  return router;
}
