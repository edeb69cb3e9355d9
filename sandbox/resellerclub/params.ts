/**
 * Reading LogicBoxes' request parameters: every name may repeat, lists may also be comma-separated, and
 * the same checks (given once, an integer in range, an address) serve the mail, customer and billing
 * calls. Each reader takes the caller's `Fail`, because a mail refusal and a billing error differ on the
 * wire (answers.ts).
 */

import { createHash, timingSafeEqual } from "node:crypto";

import type { HttpError } from "../core/http";

/**
 * Request parameters by name, every value as sent (query string and form body merged by the router).
 * LogicBoxes takes arrays as repeated parameters, so every name maps to a list.
 */
export type ResellerClubParams = Readonly<Record<string, readonly string[]>>;

export type Fail = (message: string) => HttpError;

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
export const HOST_PATTERN = new RegExp(`^(?:${LABEL}\\.)+[a-z]{2,63}$`, "i");
const EMAIL_PATTERN = new RegExp(`^[^\\s@,;]{1,64}@(?:${LABEL}\\.)+[a-z]{2,63}$`, "i");
export const ID_PATTERN = /^\d{1,15}$/;

/** Compares digests so that neither the length nor the content of a guess leaks through timing. */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A parameter given at most once; blank counts as absent. Secrets are returned untrimmed. */
export function one(params: ResellerClubParams, name: string, fail: Fail, trim = true): string | undefined {
  const values = params[name];
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw fail(`${name} must be given once.`);
  const value = trim ? values[0].trim() : values[0];
  return value.trim() === "" ? undefined : value;
}

export function required(params: ResellerClubParams, name: string, fail: Fail, trim = true): string {
  const value = one(params, name, fail, trim);
  if (value === undefined) throw fail(`${name} is required.`);
  return value;
}

/** Every value of a repeatable parameter; comma-separated values are split too. */
export function many(params: ResellerClubParams, name: string): string[] {
  return (params[name] ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

export function integer(
  name: string,
  value: string,
  fail: Fail,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value);
  if (!ID_PATTERN.test(value) || n < min || n > max) {
    throw fail(
      max === Number.MAX_SAFE_INTEGER
        ? `${name} must be an integer >= ${min}.`
        : `${name} must be an integer from ${min} to ${max}.`,
    );
  }
  return n;
}

export function emailAddress(name: string, value: string, fail: Fail): string {
  if (!EMAIL_PATTERN.test(value)) throw fail(`${name} is not a valid email address.`);
  return value.toLowerCase();
}

/** Comma-separated addresses, lower-cased, duplicates collapsed in first-seen order. */
export function forwardList(value: string, fail: Fail): string[] {
  const parts = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (parts.length === 0) throw fail("forwards must list at least one email address.");
  const bad = parts.find((p) => !EMAIL_PATTERN.test(p));
  if (bad !== undefined) throw fail(`forwards: "${bad}" is not a valid email address.`);
  return [...new Set(parts.map((p) => p.toLowerCase()))];
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}
