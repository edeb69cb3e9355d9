/**
 * Redaction of credentials from anything that may reach an error message, a log line or state.
 *
 * Two nets, because either alone leaks: every secret value the provider has seen (API keys from config,
 * passwords from inputs, tokens from vendors) is registered and replaced wherever it appears, and
 * well-known credential carriers (Authorization headers, `api-key=` query parameters, `"password": …`
 * fields) are masked whatever their value, for secrets we were never told about.
 */

const REDACTED = "[REDACTED]";

// Shorter strings would redact ordinary words; real keys and passwords are longer.
const MIN_SECRET_LENGTH = 4;

const knownSecrets = new Set<string>();

/** Registers a value that must never appear in any message. Also registers its encodings on the wire. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  knownSecrets.add(value);
  knownSecrets.add(encodeURIComponent(value));
  knownSecrets.add(JSON.stringify(value).slice(1, -1));
}

/** Registers the pair behind an HTTP Basic header, and the header's base64 form. */
export function registerBasicCredentials(username: string, password: string): void {
  registerSecret(password);
  registerSecret(Buffer.from(`${username}:${password}`).toString("base64"));
}

const credentialNames = [
  "authorization",
  "api-key",
  "api_key",
  "apikey",
  "auth-password",
  "password",
  "passwd",
  "new-passwd",
  "token",
  "access_token",
  "refresh_token",
  "client_secret",
  "clientsecret",
  "secret",
];
const namesPattern = credentialNames.map((n) => n.replace(/[-_]/g, "[-_]?")).join("|");

const carriers: RegExp[] = [
  // Authorization: Basic xxx / Bearer xxx, in header dumps.
  /\b(authorization\s*[:=]\s*)(?:basic|bearer)?\s*[^\s,;"'}]+/gi,
  // "password": "value" in JSON.
  new RegExp(`("(?:${namesPattern})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"),
  // password=value in query strings and form bodies.
  new RegExp(`((?:^|[?&\\s])(?:${namesPattern})=)[^&\\s#"']*`, "gim"),
];

/** Returns the text with every registered secret and every credential carrier masked. */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of carriers) {
    out = out.replace(pattern, (_match, prefix: string) =>
      prefix.trimEnd().endsWith(":") && prefix.startsWith('"')
        ? `${prefix}"${REDACTED}"`
        : `${prefix}${REDACTED}`,
    );
  }
  return out;
}

/** @internal Forgets every registered secret (tests only). */
export function clearRegisteredSecrets(): void {
  knownSecrets.clear();
}
