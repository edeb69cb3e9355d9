/**
 * The shapes of input fields, as zod schemas check applies without asking the vendor: every string has
 * a maximum length, holds no control character (NUL, a line break, ...), is not empty or only
 * whitespace, and has its field's form (a numeric id, an email address, a domain name, a code); every
 * number is finite and within its range, and whole where it counts something. The resources build their
 * schemas from these, so a rule exists once.
 *
 * Every message says what is expected, in the words the resource gives (`expected`, read after "must
 * be"), and never echoes the value: a misplaced password must not reach the CLI's output. Where a vendor
 * or a standard sets a limit, the caller names it; where neither does, the bound is ours, generous, and a
 * comment beside it says so.
 */
import { isIP } from "node:net";
import { z } from "zod";

/** How a value of the wrong type reads in a message, without the value: "null", "a number", "a list". */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    return Number.isFinite(value) ? "a number" : "an infinite number";
  }
  if (typeof value === "object") return "an object";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

/** The message of a value missing or of the wrong type: "is required: …" or "must be …, not null". */
export function typeError(expected: string): (issue: { input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined
      ? `is required: ${expected}`
      : `must be ${expected}, not ${describeValue(issue.input)}`;
}

/** C0 controls (NUL to U+001F, tab and line breaks included), DEL and the C1 controls. */
const controlCharacter = /\p{Cc}/u;

/** True when the value holds no control character. */
export function noControlChars(value: string): boolean {
  return !controlCharacter.test(value);
}

function controlCharError(value: string): string {
  const at = value.search(controlCharacter);
  const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  return `must not contain control characters (U+${code} at position ${at + 1})`;
}

/** The rule of one string field. */
export interface TextRule {
  /**
   * What a valid value is, as it reads after "must be", e.g. `'a pack name such as "Crediti300"'`.
   * Every failure of the field says it.
   */
  expected: string;
  /** The most characters accepted. Say beside the call where the number comes from. */
  max: number;
  /** The fewest characters accepted; default 1 (empty and whitespace-only values are refused anyway). */
  min?: number;
  /** The form a value must have; a mismatch reads "must be <expected>". */
  pattern?: RegExp;
  /** A further test of the form; a failure reads "must be <expected>". */
  test?: (value: string) => boolean;
}

/**
 * A string field: its type, then (each stopping the checks after it) its length, no control characters,
 * not blank, at least `min` characters, then its form. Unknown values never reach it (see checkInputs).
 */
export function text(rule: TextRule): z.ZodString {
  const { expected, max, min = 1 } = rule;
  let schema = z
    .string({ error: typeError(expected) })
    .max(max, {
      error: (issue) =>
        `must be at most ${max} characters (this one has ${(issue.input as string).length}): ${expected}`,
      abort: true,
    })
    .refine(noControlChars, { error: (issue) => controlCharError(issue.input as string), abort: true })
    .refine((value) => value.trim() !== "", {
      error: (issue) => `must not be ${issue.input === "" ? "empty" : "only whitespace"}: ${expected}`,
      abort: true,
    });
  if (min > 1) schema = schema.min(min, { error: `must be at least ${min} characters`, abort: true });
  if (rule.pattern) schema = schema.regex(rule.pattern, { error: `must be ${expected}`, abort: true });
  if (rule.test) schema = schema.refine(rule.test, { error: `must be ${expected}`, abort: true });
  return schema;
}

/** No whitespace at either end: the form of ids and names the vendor matches exactly. */
export const trimmed = /^\S(?:.*\S)?$/su;

/** What {@link nameOrId} allows, as its messages say it. */
export const nameCharacters =
  "letters and digits, with single spaces, dots, dashes or underscores between them";

/**
 * A name or id a vendor matches exactly, made of words: letters and digits of any script, with single
 * spaces, dots, dashes or underscores between them (`Crediti300`, `535`, `Premium Plus`,
 * `VelocitaAggiuntiva300`). No markup, quotes, slashes or other punctuation: no vendor's own name has
 * them, and such a value would fail only later, at the vendor. The caller says beside the call where the
 * form comes from. `expected` is followed by {@link nameCharacters} in every message.
 */
export function nameOrId(expected: string, max: number): z.ZodString {
  return text({
    expected: `${expected}: ${nameCharacters}`,
    max,
    pattern: /^[\p{L}\p{Nd}]+(?:[ ._-][\p{L}\p{Nd}]+)*$/u,
  });
}

/**
 * A vendor's numeric id: digits only. At most 20 of them (ours: no vendor documents a limit, and 20
 * digits hold any 64-bit id).
 */
export function numericId(expected: string): z.ZodString {
  return text({ expected, max: 20, pattern: /^\d+$/ });
}

/**
 * An email address, in zod's form (`z.email()`), at most 254 characters: RFC 5321's limit on an address
 * in a mail path.
 */
export function emailAddress(expected: string): z.ZodString {
  return text({ expected, max: 254, pattern: z.regexes.email });
}

const dnsLabelForm = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

/** One DNS label such as `customer123`: letters, digits, inner dashes; at most 63 characters (RFC 1035). */
export function dnsLabel(expected: string): z.ZodString {
  return text({ expected, max: 63, pattern: new RegExp(`^${dnsLabelForm}$`, "i") });
}

/** A domain name such as `example.com`: labels and a top-level domain, at most 253 characters (RFC 1035). */
export function domainName(expected: string): z.ZodString {
  return text({ expected, max: 253, pattern: new RegExp(`^(?:${dnsLabelForm}\\.)+[a-z]{2,63}$`, "i") });
}

/**
 * A web address as the MailUp docs write one, the scheme optional: `www.example.com/info`,
 * `https://example.com:8443/bye?x=1`. A host name with a top-level domain, an optional port, then an
 * optional path, query or fragment without whitespace. At most 2048 characters (ours: no vendor
 * documents a limit; it is the length browsers and servers commonly guarantee).
 */
export function webAddress(expected: string): z.ZodString {
  return text({
    expected,
    max: 2048,
    pattern: new RegExp(
      `^(?:https?://)?(?:${dnsLabelForm}\\.)+[a-z]{2,63}(?::\\d{1,5})?(?:[/?#]\\S*)?$`,
      "i",
    ),
  });
}

/**
 * An IPv4 or IPv6 address, as Node.js reads one; at most 45 characters, the longest IPv6 text form
 * (without a zone index, which a client's address has no use for).
 */
export function ipAddress(expected: string): z.ZodString {
  return text({ expected, max: 45, test: (value) => isIP(value) !== 0 });
}

/** A two-letter code (ISO 639-1 language, ISO 3166-1 alpha-2 country), any case. */
export function letterCode(expected: string): z.ZodString {
  return text({ expected, max: 2, pattern: /^[A-Za-z]{2}$/ });
}

/** A number field: finite (never NaN or infinite), with `expected` in its type error. */
export function finiteNumber(expected: string): z.ZodNumber {
  return z.number({ error: typeError(expected) });
}

/** The rule of one whole-number field. */
export interface WholeNumberRule {
  /** What a valid value is, as it reads after "must be": "a whole number of seconds from 1 to 3600". */
  expected: string;
  min: number;
  max: number;
  /** The message below `min`, when there is more to say (what to do instead). */
  belowMin?: string;
}

/** A whole number from `min` to `max`. */
export function wholeNumber(rule: WholeNumberRule): z.ZodNumber {
  const { expected, min, max } = rule;
  return finiteNumber(expected)
    .int({ error: `must be ${expected}`, abort: true })
    .min(min, { error: rule.belowMin ?? `must be ${expected}`, abort: true })
    .max(max, { error: `must be ${expected}` });
}

/** A boolean field: `true` or `false`, never a string such as `"true"`. */
export function flag(): z.ZodBoolean {
  return z.boolean({ error: typeError("true or false") });
}
