/**
 * How a test points the provider at the sandbox, in one place: every form below is the sandbox's own
 * settings (sandbox/provider-config.ts), never retyped. A stack takes them as config through EngineStack's
 * `sandboxUrl` (./engine-stack); the provider running in the test's own process takes them from
 * {@link useSandboxConfig}; lookups and import-plan, which read the environment outside a Pulumi run, from
 * {@link sandboxEnv}.
 */
import { envVarFor, setProviderConfig } from "../../provider/core/transport/config";
import { sandboxSettings, sandboxStackConfig } from "../../sandbox/provider-config";

/** The `mailreseller:*` config for the sandbox at `url`, as plain values (what `configure` reads). */
export function sandboxConfig(url: string): Record<string, string> {
  return Object.fromEntries(Object.entries(sandboxStackConfig(url)).map(([key, { value }]) => [key, value]));
}

/**
 * Points the provider in this process at the sandbox at `url` (setProviderConfig), with `overrides` (full
 * `mailreseller:*` keys) in place of its entries, e.g. another API key.
 */
export function useSandboxConfig(url: string, overrides: Record<string, string> = {}): void {
  const config = { ...sandboxConfig(url), ...overrides };
  setProviderConfig({ get: (key) => config[key] });
}

/** The same settings as the provider's environment variables (`MAILRESELLER_*`). */
export function sandboxEnv(url: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sandboxSettings(url)).map(([key, { value }]) => [envVarFor(key), value]),
  );
}
