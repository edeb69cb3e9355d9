/**
 * Config for code that runs in the Pulumi program (lookups) rather than in the provider host: the same
 * `mailreseller:*` keys, read through `pulumi.Config`.
 */
import * as pulumi from "@pulumi/pulumi";

import { ConfigSource, configNamespace, configuredProvider } from "../transport/config";

/**
 * The stack config of the running program, as a {@link ConfigSource}. In the native provider plugin,
 * where lookups run as invokes, it is the provider's configuration instead (an explicit provider
 * resource's own, or the stack's `mailreseller:*` for the default provider).
 */
export function programConfig(): ConfigSource {
  const provider = configuredProvider();
  if (provider !== undefined) return provider;
  const config = new pulumi.Config(configNamespace);
  return {
    get(fullKey: string) {
      const prefix = `${configNamespace}:`;
      return config.get(fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey);
    },
  };
}
