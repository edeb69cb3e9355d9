/**
 * The last step of `npm test`, `npm run bench` and `npm run soak`: a grep for every configured secret over
 * everything they wrote: the engine stacks (state files and their history, run results with the engine's
 * events, the CLI's transcripts) kept under MAILRESELLER_TEST_ARTIFACTS, and their own output. Exits 1 on
 * any hit.
 *
 *   tsx scripts/credential-scan.ts DIR
 *
 * The secrets: the sandbox's credentials (API keys, client secret, retailer password) and every value a
 * test put in stack config as a secret (read from the stacks' config.json, the one file that holds them
 * in plain text by design and is therefore not scanned). Hits are reported by file and secret name, never
 * by value.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import {
  DEFAULT_MAILPARTNER_API_KEY,
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_PASSWORD,
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_ID,
  DEFAULT_RESELLERCLUB_API_KEY,
} from "../sandbox/server";

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error("usage: credential-scan.ts DIR (a folder the test suite wrote)");
  process.exit(2);
}

const secrets = new Map<string, string>([
  ["sandbox partnerApiKey", DEFAULT_PARTNER_API_KEY],
  [
    "sandbox partner Basic header",
    Buffer.from(`${DEFAULT_PARTNER_ID}:${DEFAULT_PARTNER_API_KEY}`).toString("base64"),
  ],
  ["sandbox mailupClientSecret", DEFAULT_MAILUP_CLIENT_SECRET],
  ["sandbox mailupPassword", DEFAULT_MAILUP_PASSWORD],
  ["sandbox resellerclubApiKey", DEFAULT_RESELLERCLUB_API_KEY],
  ["sandbox mailpartnerApiKey", DEFAULT_MAILPARTNER_API_KEY],
]);

function walk(folder: string, visit: (file: string) => void): void {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else if (entry.isFile()) visit(full);
  }
}

// Secrets the tests configured: every `secret: true` value of every stack's config.json.
const configFiles: string[] = [];
walk(dir, (file) => {
  if (path.basename(file) !== "config.json") return;
  configFiles.push(file);
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<
    string,
    { value: string; secret?: boolean }
  >;
  for (const [key, entry] of Object.entries(config)) {
    if (entry.secret && entry.value.length >= 6) secrets.set(`stack config ${key}`, entry.value);
  }
});

let files = 0;
let bytes = 0;
const hits: string[] = [];
walk(dir, (file) => {
  if (configFiles.includes(file)) return;
  const text = fs.readFileSync(file, "utf8");
  files += 1;
  bytes += text.length;
  for (const [name, value] of secrets) {
    if (text.includes(value)) hits.push(`${path.relative(dir, file)}: ${name}`);
  }
});

console.log(
  `[credential-scan] ${files} files (${(bytes / 1e6).toFixed(1)} MB) scanned for ${secrets.size} secrets: ${hits.length} hits`,
);
for (const hit of hits) console.log(`  HIT ${hit}`);
if (hits.length > 0 || files === 0) {
  if (files === 0) console.log("[credential-scan] nothing to scan: did the engine tests run?");
  process.exit(1);
}
