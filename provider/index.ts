/**
 * pulumi-mailreseller: email resellers' mail services as Pulumi resources.
 *
 * One namespace per vendor: `import { outmail } from "pulumi-mailreseller"; new outmail.Service(...)`. The
 * Partner API has two: `outmail` (outMail services, created and managed) and `partner` (live services of
 * every product, taken over and managed).
 */
export * as mailpartner from "./mailpartner";
export * as mailup from "./mailup";
export * as outmail from "./partner/outmail-namespace";
export * as partner from "./partner";
export * as resellerclub from "./resellerclub";
export {
  AdoptionMismatchError,
  OutcomeUnknownError,
  RefusedBeforeCallError,
  VendorAuthError,
  VendorConflictError,
  VendorConnectionError,
  VendorError,
  VendorInsufficientFundsError,
  VendorNotFoundError,
  VendorObjectHeldError,
  VendorRateLimitError,
  VendorServerError,
  VendorValidationError,
} from "./core/transport/errors";
export type { AdoptionDifference, VendorErrorDetails, VendorName } from "./core/transport/errors";
export { ConfigError, envVarFor } from "./core/transport/config";
export { DuplicateVendorKeyError } from "./core/program/claims";
