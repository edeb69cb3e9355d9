import type { Request, RequestHandler } from "express";

import type { FaultKind } from "./fault-kinds";
import { requestPath } from "./http";

/** One vendor request as the sandbox saw it. Never holds headers, bodies or query strings. */
export interface RequestLogEntry {
  vendor: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /**
   * The status the sandbox produced. With `drop-after-write` it is the status the route chose, which the
   * client never received; 0 when no response was produced at all (`drop`, or the client hung up first).
   */
  status: number;
  /** Arrival time, ISO 8601. */
  at: string;
  durationMs: number;
  /** The injected fault, when one was applied. */
  fault?: FaultKind;
}

/**
 * Per-request bookkeeping shared by the log and the fault middleware: a fault must be named in the
 * log entry, and a dropped socket has no `finish` event to record it.
 */
export interface RequestContext {
  readonly vendor: string;
  fault?: FaultKind;
  /** Records the entry; later calls are ignored. */
  complete(status: number): void;
}

const contexts = new WeakMap<Request, RequestContext>();

export function requestContext(req: Request): RequestContext | undefined {
  return contexts.get(req);
}

/** Sandboxes run for days behind GitOps previews: keep the newest entries only. */
export const REQUEST_LOG_LIMIT = 10_000;

export class RequestLog {
  private items: RequestLogEntry[] = [];
  private readonly listeners: ((entry: RequestLogEntry) => void)[] = [];

  constructor(private readonly limit: number = REQUEST_LOG_LIMIT) {}

  /** A copy of the entries, oldest first. */
  entries(): RequestLogEntry[] {
    return this.items.map((e) => ({ ...e }));
  }

  clear(): number {
    const n = this.items.length;
    this.items = [];
    return n;
  }

  onEntry(listener: (entry: RequestLogEntry) => void): void {
    this.listeners.push(listener);
  }

  record(entry: RequestLogEntry): void {
    this.items.push(entry);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    for (const l of this.listeners) l({ ...entry });
  }

  middleware(vendor: string): RequestHandler {
    return (req, res, next) => {
      const started = Date.now();
      let done = false;
      const ctx: RequestContext = {
        vendor,
        complete: (status) => {
          if (done) return;
          done = true;
          const entry: RequestLogEntry = {
            vendor,
            method: req.method,
            path: requestPath(req),
            status,
            at: new Date(started).toISOString(),
            durationMs: Date.now() - started,
          };
          if (ctx.fault !== undefined) entry.fault = ctx.fault;
          this.record(entry);
        },
      };
      contexts.set(req, ctx);
      res.on("finish", () => ctx.complete(res.statusCode));
      // `close` without `finish`: the client went away before any response was written.
      res.on("close", () => ctx.complete(0));
      next();
    };
  }
}

/** The one-line stderr form: method, path, status, and nothing that could carry a credential. */
export function formatEntry(e: RequestLogEntry): string {
  const status = e.status === 0 ? "-" : String(e.status);
  const fault = e.fault === undefined ? "" : ` [fault: ${e.fault}]`;
  return `${e.method} ${e.path} ${status} ${e.durationMs}ms${fault}`;
}
