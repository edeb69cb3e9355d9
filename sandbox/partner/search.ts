import { HttpError } from "../core/http";

/**
 * The Partner API's search expression, as Prolateral's KB 395 writes it:
 * `('username LIKE':'fred%')`, `('external_userid':'123456')`, `('id >':'9987600','id <':'9987610')`.
 * Each key is a field, optionally followed by an operator; every pair must hold. The operators the KB shows
 * are equality, `LIKE` (`%` matches any run of characters) and `>` / `<`; `>=`, `<=` and `!=` are our
 * assumption, and so are case-insensitive LIKE and numeric comparison of numeric values.
 */
export interface SearchTerm {
  field: string;
  operator: "=" | "LIKE" | ">" | "<" | ">=" | "<=" | "!=";
  value: string;
}

const OPERATORS = new Set(["LIKE", ">", "<", ">=", "<=", "!="]);

/** Parses `search`; a malformed one is 422, naming the parameter (assumed status). */
export function parseSearch(text: string): SearchTerm[] {
  const body = /^\((.*)\)$/s.exec(text.trim());
  if (body === null) throw invalid(`must look like ('field':'value'), not ${JSON.stringify(text)}`);
  const terms: SearchTerm[] = [];
  const pair = /\s*'([^']*)'\s*:\s*'([^']*)'\s*(,|$)/gy;
  let match: RegExpExecArray | null;
  while (pair.lastIndex < body[1].length && (match = pair.exec(body[1])) !== null) {
    const [field, operator = "="] = match[1].trim().split(/\s+/);
    const op = operator.toUpperCase();
    if (op !== "=" && !OPERATORS.has(op)) throw invalid(`unknown operator ${JSON.stringify(operator)}`);
    terms.push({ field, operator: op as SearchTerm["operator"], value: match[2] });
    if (match[3] === "") break;
  }
  if (terms.length === 0 || pair.lastIndex < body[1].length) {
    throw invalid(`must be 'field':'value' pairs separated by commas, not ${JSON.stringify(text)}`);
  }
  return terms;
}

/** True when the record meets every term; a field the record lacks is 422. */
export function matches(record: Readonly<Record<string, unknown>>, terms: readonly SearchTerm[]): boolean {
  return terms.every((t) => {
    if (!(t.field in record)) throw invalid(`unknown field ${JSON.stringify(t.field)}`);
    const actual = String(record[t.field] ?? "");
    const numeric = /^-?\d+(\.\d+)?$/.test(actual) && /^-?\d+(\.\d+)?$/.test(t.value);
    const cmp = numeric ? Number(actual) - Number(t.value) : actual.localeCompare(t.value);
    switch (t.operator) {
      case "=":
        return actual === t.value;
      case "!=":
        return actual !== t.value;
      case "LIKE":
        return likePattern(t.value).test(actual);
      case ">":
        return cmp > 0;
      case "<":
        return cmp < 0;
      case ">=":
        return cmp >= 0;
      case "<=":
        return cmp <= 0;
    }
  });
}

/**
 * `fields=!(id,username,…)` (KB 394): keeps only those fields of each record. Unknown names are ignored
 * (assumed).
 */
export function parseFields(text: string): string[] {
  const list = /^!\((.*)\)$/s.exec(text.trim());
  if (list === null)
    throw new HttpError(
      422,
      "ValidationError",
      `fields: must look like !(id,username), not ${JSON.stringify(text)}`,
    );
  return list[1]
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
}

export function project<T extends object>(record: T, fields: readonly string[] | undefined): Partial<T> {
  if (fields === undefined) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => fields.includes(k))) as Partial<T>;
}

function likePattern(value: string): RegExp {
  const escaped = value
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^${escaped}$`, "is");
}

function invalid(why: string): HttpError {
  return new HttpError(422, "ValidationError", `search: ${why}.`);
}
