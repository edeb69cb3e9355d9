/**
 * The resource types and their type tokens, defined once: a resource type has two, the dynamic class's
 * (`pulumi-nodejs:dynamic/outmail:Service`) and the native provider's (`mailreseller:outmail:Service`). The classes and the native provider register with them, the
 * policy pack and import-plan name them, the vendor-key table is keyed by them. A type token is in every
 * resource's state, so these never change (CHANGELOG, "Compatibility promise"). This module imports
 * nothing, so the policy pack loads no provider code with it.
 */

/** The resource types, as the public classes name them. */
export type ResourceLabel =
  | "outmail.Service"
  | "partner.LiveService"
  | "resellerclub.MailUser"
  | "resellerclub.ForwardOnlyAccount"
  | "mailpartner.Subaccount"
  | "mailup.Account"
  | "mailup.AccountPack";

/** Every resource type. */
export const RESOURCE_LABELS: readonly ResourceLabel[] = [
  "outmail.Service",
  "partner.LiveService",
  "resellerclub.MailUser",
  "resellerclub.ForwardOnlyAccount",
  "mailpartner.Subaccount",
  "mailup.Account",
  "mailup.AccountPack",
];

/** The two parts a dynamic resource registers with (`module`, `type`): `["outmail", "Service"]`. */
export function tokenParts(label: ResourceLabel): [module: string, type: string] {
  const [module, type] = label.split(".");
  return [module, type];
}

/** The type token of a resource type: `pulumi-nodejs:dynamic/outmail:Service`. */
export function typeToken(label: ResourceLabel): string {
  const [module, type] = tokenParts(label);
  return `pulumi-nodejs:dynamic/${module}:${type}`;
}

/** The native provider plugin's package name: the first part of every native type token. */
export const NATIVE_PACKAGE = "mailreseller";

/** The native provider's type token of a resource type: `mailreseller:outmail:Service`. */
export function nativeTypeToken(label: ResourceLabel): string {
  const [module, type] = tokenParts(label);
  return `${NATIVE_PACKAGE}:${module}:${type}`;
}

/** The native type token of each resource type. */
export const NATIVE_TYPE_TOKENS = Object.fromEntries(
  RESOURCE_LABELS.map((label) => [label, nativeTypeToken(label)]),
) as Record<ResourceLabel, string>;

/** The dynamic type token of each resource type. */
export const TYPE_TOKENS = Object.fromEntries(
  RESOURCE_LABELS.map((label) => [label, typeToken(label)]),
) as Record<ResourceLabel, string>;

/** The resource type of a type token, dynamic or native, or undefined for a type that is not ours. */
export function labelOfType(token: string): ResourceLabel | undefined {
  return RESOURCE_LABELS.find((label) => TYPE_TOKENS[label] === token || NATIVE_TYPE_TOKENS[label] === token);
}

/**
 * Whether two type tokens name the same resource type: equal tokens, or the dynamic and the native token
 * of one of ours. Whatever judges or matches resources by type (the policy pack's rules and its `types`
 * config, import-plan's id spaces) compares with this, so both forms are treated alike.
 */
export function sameType(a: string, b: string): boolean {
  if (a === b) return true;
  const label = labelOfType(a);
  return label !== undefined && label === labelOfType(b);
}

/** A type token as the reports show it, the same for both forms (`outmail:Service`); another as it is. */
export function shortType(token: string): string {
  const label = labelOfType(token);
  return label === undefined ? token : tokenParts(label).join(":");
}
