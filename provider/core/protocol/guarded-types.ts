/**
 * The resource types the deletion guard protects, defined once. Two places act on the list, each where it
 * can: the package's classes register these types with Pulumi's `protect` by default
 * (core/program/registration.ts, deletion-guard.ts), and the policy pack's `deletion-guard` requires
 * `protect` of the native provider's resources of these types, which no class registers (a YAML program
 * has no classes). This module imports only the type tokens, so the policy pack loads no provider code
 * with it.
 */
import type { ResourceLabel } from "./type-tokens";

/**
 * Every billable type but `mailpartner.Subaccount`: MailPartner has no delete call, so deleting a
 * sub-account only forgets it (with a warning) and costs nothing.
 */
export const GUARDED_TYPES: readonly ResourceLabel[] = [
  "outmail.Service",
  "partner.LiveService",
  "resellerclub.MailUser",
  "resellerclub.ForwardOnlyAccount",
  "mailup.Account",
  "mailup.AccountPack",
];

/** Whether the deletion guard protects resources of this type. */
export function isGuarded(label: ResourceLabel): boolean {
  return GUARDED_TYPES.includes(label);
}
