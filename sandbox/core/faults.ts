import { STATUS_CODES } from "node:http";

import type { RequestHandler, Response } from "express";
import { z } from "zod";

import { requestPath } from "./http";
import { requestContext } from "./request-log";
import type { SandboxVendor } from "./vendor";

import { FAULT_KINDS, type FaultKind } from "./fault-kinds";

export { FAULT_KINDS, type FaultKind };

export const DEFAULT_FAULT_ERROR_STATUS = 503;
export const DEFAULT_FAULT_RETRY_AFTER_SECONDS = 1;
export const RETRY_AFTER_FORMATS = ["seconds", "http-date"] as const;
export type RetryAfterFormat = (typeof RETRY_AFTER_FORMATS)[number];
export const DEFAULT_FAULT_LATENCY_MS = 1000;
export const DEFAULT_FAULT_TIMES = 1;
export const DEFAULT_FAULT_PROBABILITY = 1;

/** What to break, and for which requests. Every matcher left out matches everything. */
export interface FaultRule {
  /** Vendor name, e.g. `partner`. */
  vendor?: string;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** A substring of the request path (the query string is not part of it). */
  path?: string;
  /**
   * `latency` delays, then handles normally; `error` answers `status`; `rate-limit` answers 429 with
   * Retry-After; `drop` destroys the socket before the route runs (nothing applied); `drop-after-write`
   * lets the route apply its change, then destroys the socket instead of answering (the lost response);
   * `hang-after-write` lets the route apply its change and never answers, keeping the connection open
   * (the moment to kill a client that has created something and not yet heard so).
   */
  kind: FaultKind;
  /** For `error`: the status to answer (400-599). Default 503. */
  status?: number;
  /**
   * For `rate-limit`: the Retry-After header, in seconds. Default 1. For `error`: when given, the answer
   * carries this Retry-After too (a 503 may say when to come back); without it, none.
   */
  retryAfterSeconds?: number;
  /**
   * How Retry-After is written: `seconds` (`Retry-After: 120`) or `http-date` (`Retry-After: Mon, 23 Nov
   * 2026 10:02:00 GMT`, that many seconds from the answer, rounded up to the next whole second). Default
   * `seconds`.
   */
  retryAfterFormat?: RetryAfterFormat;
  /** For `latency`: the delay in milliseconds. Default 1000. */
  latencyMs?: number;
  /** How many matching requests the rule applies to; 0 means unlimited. Default 1. */
  times?: number;
  /** Chance (0..1) that a matching request is faulted; a request spared does not use up `times`. Default 1. */
  probability?: number;
}

/** A rule as stored, with its defaults filled in. */
export interface ActiveFault extends FaultRule {
  id: number;
  times: number;
  probability: number;
  /** How many requests it has been applied to so far. */
  applied: number;
}

const faultRuleSchema = z.strictObject({
  vendor: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  path: z.string().optional(),
  kind: z.enum(FAULT_KINDS),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  retryAfterFormat: z.enum(RETRY_AFTER_FORMATS).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().min(0).optional(),
  probability: z.number().min(0).max(1).optional(),
});

/** A fault rule that cannot be used; the message says which field and why. */
export class FaultRuleError extends Error {
  override readonly name = "FaultRuleError";
}

/** The Retry-After header for a wait of `seconds` from now, in the rule's format. */
export function retryAfterValue(
  seconds: number,
  format: RetryAfterFormat = "seconds",
  now: number = Date.now(),
): string {
  if (format === "seconds") return String(seconds);
  // An HTTP-date has whole seconds: round up, so the client never reads a shorter wait than asked.
  return new Date(Math.ceil((now + seconds * 1000) / 1000) * 1000).toUTCString();
}

function errorNameFor(status: number): string {
  const text = STATUS_CODES[status];
  return text === undefined ? "Error" : text.replace(/[^A-Za-z]/g, "");
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly vendors: readonly string[],
    private readonly random: () => number = Math.random,
  ) {}

  /** Validates and adds one rule. Throws FaultRuleError when the rule is unusable. */
  add(rule: FaultRule): ActiveFault {
    return this.addAll([rule])[0];
  }

  /** Validates every rule first, so that a bad rule in a batch adds none of them. */
  addAll(rules: readonly unknown[]): ActiveFault[] {
    const parsed = rules.map((r, i) => this.parse(r, rules.length > 1 ? `faults[${i}]` : "fault"));
    const added = parsed.map((r) => ({
      ...r,
      id: this.nextId++,
      times: r.times ?? DEFAULT_FAULT_TIMES,
      probability: r.probability ?? DEFAULT_FAULT_PROBABILITY,
      applied: 0,
    }));
    this.rules.push(...added);
    return added.map((r) => ({ ...r }));
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Cancels delayed requests so that a closing server leaves no timers behind. */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Picks the first rule that matches and wins its draw, and uses up one of its `times`. */
  take(vendor: string, method: string, path: string): ActiveFault | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.vendor === undefined || r.vendor === vendor) &&
        (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
        (r.path === undefined || path.includes(r.path)) &&
        (r.probability >= 1 || this.random() < r.probability),
    );
    if (rule === undefined) return undefined;
    rule.applied += 1;
    if (rule.times !== 0 && rule.applied >= rule.times) this.rules = this.rules.filter((r) => r !== rule);
    return { ...rule };
  }

  middleware(vendor: SandboxVendor): RequestHandler {
    return (req, res, next) => {
      const fault = this.take(vendor.name, req.method, requestPath(req));
      if (fault === undefined) {
        next();
        return;
      }
      const ctx = requestContext(req);
      if (ctx !== undefined) ctx.fault = fault.kind;
      switch (fault.kind) {
        case "latency": {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            next();
          }, fault.latencyMs ?? DEFAULT_FAULT_LATENCY_MS);
          this.timers.add(timer);
          return;
        }
        case "error": {
          const status = fault.status ?? DEFAULT_FAULT_ERROR_STATUS;
          if (fault.retryAfterSeconds !== undefined) {
            res.setHeader("Retry-After", retryAfterValue(fault.retryAfterSeconds, fault.retryAfterFormat));
          }
          vendor.sendError(
            req,
            res,
            status,
            errorNameFor(status),
            `Injected fault (sandbox rule ${fault.id}).`,
          );
          return;
        }
        case "rate-limit": {
          const seconds = fault.retryAfterSeconds ?? DEFAULT_FAULT_RETRY_AFTER_SECONDS;
          res.setHeader("Retry-After", retryAfterValue(seconds, fault.retryAfterFormat));
          vendor.sendError(
            req,
            res,
            429,
            "TooManyRequests",
            `Too many requests; retry after ${seconds} s (injected fault, sandbox rule ${fault.id}).`,
          );
          return;
        }
        case "drop":
          ctx?.complete(0);
          req.socket.destroy();
          return;
        case "drop-after-write": {
          const socket = req.socket;
          // Every express response ends in res.end; swallowing it there keeps the route's effects and
          // loses only the answer, which is exactly what a client sees when a response dies in transit.
          const swallow = (): Response => {
            ctx?.complete(res.statusCode);
            socket.destroy();
            return res;
          };
          res.end = swallow as Response["end"];
          next();
          return;
        }
        case "hang-after-write": {
          // The answer is swallowed and the socket left open until the client gives up or dies.
          res.end = ((): Response => {
            ctx?.complete(res.statusCode);
            return res;
          }) as Response["end"];
          next();
          return;
        }
      }
    };
  }

  private parse(input: unknown, label: string): FaultRule {
    const result = faultRuleSchema.safeParse(input);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join(".") || "rule"}: ${i.message}`);
      throw new FaultRuleError(`${label}: ${problems.join("; ")}.`);
    }
    const rule = result.data;
    if (rule.vendor !== undefined && !this.vendors.includes(rule.vendor)) {
      throw new FaultRuleError(
        `${label}: unknown vendor "${rule.vendor}"; known vendors: ${this.vendors.join(", ")}.`,
      );
    }
    return rule;
  }
}
