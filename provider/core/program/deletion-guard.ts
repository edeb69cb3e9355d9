/**
 * The deletion guard: every billable resource is registered with the engine's `protect` option unless
 * the program or the stack says otherwise.
 *
 * Pulumi's analyzers never see deletions, so no policy can stop a customer's services from being deleted
 * when they leave the program (a line dropped from a GitOps data file). `protect` is enforced by the
 * engine itself, in `preview` as well as in `up`: a protected resource that leaves the program, or whose
 * change would replace it, fails the operation before any provider call ("unable to delete resource …
 * as it is currently marked for protection"). A provider-side refusal would show only at `up`, after
 * preview had shown a harmless delete.
 *
 * Deleting on purpose is one reviewed step: `pulumi state unprotect <urn>` (or `protect: false` on the
 * resource for one `up`), then remove it; `pulumi-mailreseller unprotect` does the first step for the
 * entries of a dated allow-list, which is how the GitOps example approves a removal.
 */
import * as pulumi from "@pulumi/pulumi";

import { ConfigError, type SettingSpec, configNamespace, envVarFor } from "../transport/config";

/** The stack setting (`mailreseller:deletionGuard`) that turns the default off for a whole stack. */
export const deletionGuardSetting = {
  key: "deletionGuard",
  description:
    "whether billable resources are registered with `protect` (true | false); read by the program, not the provider",
  defaultValue: "true",
} as const satisfies SettingSpec;

/** The key of {@link deletionGuardSetting}. */
export const deletionGuardKey = deletionGuardSetting.key;

/**
 * Whether billable resources are protected by default in this program: the stack setting
 * `mailreseller:deletionGuard`, else `MAILRESELLER_DELETION_GUARD`, else on.
 */
export function deletionGuardEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const fullKey = `${configNamespace}:${deletionGuardKey}`;
  const envVar = envVarFor(deletionGuardKey);
  const configured = new pulumi.Config(configNamespace).get(deletionGuardKey);
  const [value, source] =
    configured !== undefined
      ? [configured, `config ${fullKey}`]
      : [env[envVar], `environment variable ${envVar}`];
  if (value === undefined) return true;
  if (/^(true|1)$/i.test(value.trim())) return true;
  if (/^(false|0)$/i.test(value.trim())) return false;
  throw new ConfigError(`${source} must be true or false, not ${JSON.stringify(value)}`);
}

/**
 * The options a billable resource registers with: the program's own, plus `protect: true` when the
 * program did not set `protect` and the deletion guard is on. An explicit `protect` always wins.
 */
export function guardedOptions(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  // Left alone when the guard is off, so a child still inherits `protect` from its parent.
  if (opts?.protect !== undefined || !deletionGuardEnabled()) return opts ?? {};
  return pulumi.mergeOptions(opts, { protect: true });
}
