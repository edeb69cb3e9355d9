/**
 * The native provider's functions (invokes), one row per public lookup: which lookup a function token
 * calls, how the invoke's arguments (always an object) become the lookup's parameters, and how its result
 * becomes the invoke's outputs (always an object: a Pulumi function returns a bag of properties, so a
 * list or a map is wrapped under one key). The package schema's `functions` are generated from these rows
 * and the lookups' TypeScript types (scripts/schema), so the shapes {@link invokeFunction} returns are
 * the ones the schema declares; a lookup exported without a row fails the generation.
 *
 * The token of a row is `mailreseller:<namespace>:<lookup>`, the namespace being the package's public
 * one (`import { outmail } from "pulumi-mailreseller"`): the Partner API's tariff and client lookups are
 * under both `outmail` and `partner`, as in the TypeScript package.
 */
import * as mailup from "../mailup";
import * as partner from "../partner";
import * as outmail from "../partner/outmail-namespace";
import * as resellerclub from "../resellerclub";
import { NATIVE_PACKAGE } from "../core/protocol/type-tokens";

/** The public namespaces that export lookups, as the package's entry point names them. */
const NAMESPACES = { outmail, partner, mailup, resellerclub } as const;

/** A public namespace with lookups. */
export type FunctionNamespace = keyof typeof NAMESPACES;

/** How an invoke's arguments become the lookup's parameters. */
export type ArgsMapping =
  /** The lookup takes no parameter, and the function no argument: `listClients()`. */
  | { kind: "none" }
  /**
   * The lookup's one parameter is an options object, whose properties are the function's arguments:
   * `getServiceNames(args)`.
   */
  | { kind: "options" }
  /**
   * Each parameter is the function's argument of the same name, in order: `getProfile(args.idOrName)`.
   * The names are the parameters' own (the generator checks them).
   */
  | { kind: "positional"; names: readonly string[] }
  /**
   * The lookup's one parameter is a union (`string | ClientSearch`), which a Pulumi function cannot take:
   * each alternative is an optional argument of its own, and exactly one must be given; it is passed as
   * the parameter. `type` says which member of the union it stands for.
   */
  | { kind: "oneOf"; alternatives: readonly OneOfAlternative[] };

/** One alternative of a `oneOf` parameter. */
export interface OneOfAlternative {
  /** The function's argument. */
  name: string;
  /** The member of the parameter's union it carries: its string, or its object (a map). */
  type: "string" | "object";
  /** The argument's description in the schema (the parameter's TSDoc covers the union as a whole). */
  description: string;
}

/** How the lookup's result becomes the invoke's outputs. */
export type ResultMapping =
  /** The result is an object with declared properties: it is the outputs, as it is. */
  | { kind: "object" }
  /** The result is a list or a map: the outputs are `{ [key]: result }`. */
  | { kind: "wrapped"; key: string };

/** One function of the native provider. */
export interface NativeFunction {
  /** The public namespace that exports the lookup. */
  namespace: FunctionNamespace;
  /** The lookup, as the namespace exports it. */
  name: string;
  args: ArgsMapping;
  result: ResultMapping;
}

const none = { kind: "none" } as const;
const options = { kind: "options" } as const;
const asObject = { kind: "object" } as const;
const items = { kind: "wrapped", key: "items" } as const;

/** `searchClients(termOrCriteria)`, under both of its namespaces. */
const clientSearch: ArgsMapping = {
  kind: "oneOf",
  alternatives: [
    {
      name: "term",
      type: "string",
      description:
        "Finds the clients whose username (their login address) contains this text. Give this or `criteria`.",
    },
    {
      name: "criteria",
      type: "object",
      description:
        'The search expression\'s pairs as they are, e.g. `{ "external_userid": "123456" }` or `{ "id >": "9987600" }`; all must hold. Give this or `term`.',
    },
  ],
};

const rows: NativeFunction[] = [
  { namespace: "outmail", name: "getServiceNames", args: options, result: asObject },
  { namespace: "outmail", name: "listClients", args: none, result: items },
  { namespace: "outmail", name: "searchClients", args: clientSearch, result: items },
  { namespace: "partner", name: "getLiveServices", args: options, result: items },
  { namespace: "partner", name: "getServiceNames", args: options, result: asObject },
  { namespace: "partner", name: "listClients", args: none, result: items },
  { namespace: "partner", name: "searchClients", args: clientSearch, result: items },
  { namespace: "mailup", name: "getProfiles", args: none, result: items },
  {
    namespace: "mailup",
    name: "getProfile",
    args: { kind: "positional", names: ["idOrName"] },
    result: asObject,
  },
  {
    namespace: "mailup",
    name: "getProfilePacks",
    args: { kind: "positional", names: ["profileIdOrName"] },
    result: items,
  },
  {
    namespace: "mailup",
    name: "getProfileLanguages",
    args: { kind: "positional", names: ["profileIdOrName"] },
    result: items,
  },
  // A customer is a map (the vendor's fields, open-ended), so it is wrapped like a list.
  {
    namespace: "resellerclub",
    name: "getCustomer",
    args: { kind: "positional", names: ["customerId"] },
    result: { kind: "wrapped", key: "customer" },
  },
  {
    namespace: "resellerclub",
    name: "getResellerPricing",
    args: none,
    result: { kind: "wrapped", key: "pricing" },
  },
  { namespace: "resellerclub", name: "searchTransactions", args: options, result: items },
];

/** The function token of a lookup: `mailreseller:mailup:getProfile`. */
export function functionToken(namespace: FunctionNamespace, name: string): string {
  return `${NATIVE_PACKAGE}:${namespace}:${name}`;
}

/** Every function, by token. */
export const NATIVE_FUNCTIONS: Readonly<Record<string, NativeFunction>> = Object.fromEntries(
  rows.map((row) => [functionToken(row.namespace, row.name), row]),
);

/** The lookup's parameters for an invoke's arguments. Throws naming the function when they do not fit. */
export function callArguments(token: string, args: Record<string, unknown>): unknown[] {
  const fn = rowOf(token);
  switch (fn.args.kind) {
    case "none":
      return [];
    case "options":
      return [args];
    case "positional":
      return fn.args.names.map((name) => args[name]);
    case "oneOf": {
      const names = fn.args.alternatives.map((a) => a.name);
      const given = names.filter((name) => args[name] !== undefined);
      if (given.length !== 1) {
        throw new Error(
          `${fn.namespace}.${fn.name} takes exactly one of ${names.join(", ")}` +
            (given.length === 0 ? "; none was given" : `; got ${given.join(" and ")}`),
        );
      }
      return [args[given[0]]];
    }
  }
}

/** The invoke's outputs for the lookup's result. */
export function invokeOutputs(token: string, result: unknown): Record<string, unknown> {
  const fn = rowOf(token);
  return fn.result.kind === "wrapped" ? { [fn.result.key]: result } : (result as Record<string, unknown>);
}

/**
 * Runs the function `token` (an invoke): calls its lookup with {@link callArguments} and returns
 * {@link invokeOutputs}. The lookups read the stack config through `programConfig()`
 * (provider/core/program/program-config.ts).
 */
export async function invokeFunction(
  token: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const fn = rowOf(token);
  const lookup = (NAMESPACES[fn.namespace] as Record<string, unknown>)[fn.name] as (
    ...parameters: unknown[]
  ) => Promise<unknown>;
  return invokeOutputs(token, await lookup(...callArguments(token, args)));
}

function rowOf(token: string): NativeFunction {
  const fn = NATIVE_FUNCTIONS[token];
  if (fn === undefined) {
    throw new Error(
      `unknown function ${token}; the functions are: ${Object.keys(NATIVE_FUNCTIONS).join(", ")}`,
    );
  }
  return fn;
}
