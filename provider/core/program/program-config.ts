/**
 * Config for code that runs in the Pulumi program (lookups) rather than in the provider host: the same
 * `mailreseller:*` keys, read through `pulumi.Config`.
 */
import * as pulumi from "@pulumi/pulumi";

import { ConfigSource, configNamespace } from "../transport/config";

/** The stack config of the running program, as a {@link ConfigSource}. */
export function programConfig(): ConfigSource {
  const config = new pulumi.Config(configNamespace);
  return {
    get(fullKey: string) {
      const prefix = `${configNamespace}:`;
      return config.get(fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey);
    },
  };
}
