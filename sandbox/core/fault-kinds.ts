/**
 * The kinds of fault the sandbox can inject, on their own: the request log records a request's fault by
 * kind, and the injector (faults.ts) writes to the log, so neither needs the other's module for the names.
 */
export const FAULT_KINDS = [
  "latency",
  "error",
  "rate-limit",
  "drop",
  "drop-after-write",
  "hang-after-write",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
