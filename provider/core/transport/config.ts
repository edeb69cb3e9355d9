/**
 * Credentials and endpoints: read from stack config (`mailreseller:*`), with an environment-variable
 * fallback, and never captured in the serialized provider (DESIGN.md invariant 1). The dynamic-provider
 * host hands the stack config to `configure`, which stores it here for the life of the provider process;
 * lookups running in the program read the same keys through `pulumi.Config`.
 */
import { registerSecret } from "./redact";

/** The config namespace of every key of this package. */
export const configNamespace = "mailreseller";

/** Anything that answers config lookups by full key (`mailreseller:partnerId`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** One config key. */
export interface SettingSpec {
  /** The key inside the namespace, e.g. `partnerApiUrl`. */
  key: string;
  description: string;
  /** Secret keys are registered for redaction and must be set with `pulumi config set --secret`. */
  secret?: boolean;
  /** Used when neither config nor environment sets the key. */
  defaultValue?: string;
}

/** The environment variable that stands in for a key: `partnerApiUrl` → `MAILRESELLER_PARTNER_API_URL`. */
export function envVarFor(key: string): string {
  return `MAILRESELLER_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** A missing or unusable setting. Its message names the config key and its environment variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

let providerConfig: ConfigSource | undefined;

/**
 * Called from the dynamic provider's `configure`, or the native provider plugin's: remembers the
 * provider's config for this process.
 */
export function setProviderConfig(config: ConfigSource): void {
  providerConfig = config;
}

/** The provider's config when this process is a provider (configure has run), else undefined. */
export function configuredProvider(): ConfigSource | undefined {
  return providerConfig;
}

/**
 * Reads a group of settings, config first, then environment, then default. Fails naming every missing
 * key at once, with both ways to set it.
 */
export function readSettings<K extends string>(
  vendorLabel: string,
  specs: readonly (SettingSpec & { key: K })[],
  source: ConfigSource | undefined = providerConfig,
  env: NodeJS.ProcessEnv = process.env,
): Record<K, string> {
  const values = {} as Record<K, string>;
  const missing: string[] = [];
  for (const spec of specs) {
    const fullKey = `${configNamespace}:${spec.key}`;
    const value = nonEmpty(source?.get(fullKey)) ?? nonEmpty(env[envVarFor(spec.key)]) ?? spec.defaultValue;
    if (value === undefined) {
      const set = spec.secret ? `pulumi config set --secret ${fullKey} …` : `pulumi config set ${fullKey} …`;
      missing.push(
        `${fullKey} (${spec.description}; set it with \`${set}\` or the environment variable ${envVarFor(spec.key)})`,
      );
      continue;
    }
    if (spec.secret) registerSecret(value);
    values[spec.key] = value;
  }
  if (missing.length > 0) {
    throw new ConfigError(`${vendorLabel} is not configured: missing ${missing.join("; ")}`);
  }
  return values;
}

/** Checks that a setting is an http(s) URL, naming the key when it is not. */
export function requireHttpUrl(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${configNamespace}:${key} (or ${envVarFor(key)}) must be an http(s) URL, got "${value}"`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(
      `${configNamespace}:${key} (or ${envVarFor(key)}) must be an http(s) URL, got "${value}"`,
    );
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
