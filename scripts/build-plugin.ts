/**
 * Builds the `mailreseller` resource provider plugin into bin/plugin/: one bundled JavaScript file (the
 * provider, its vendor clients and everything they load, `@pulumi/pulumi` and gRPC included) beside the
 * launchers the Pulumi CLI runs (`pulumi-resource-mailreseller` and its Windows twin). A YAML or Python
 * project has no node_modules of ours, so the plugin carries everything; it needs only Node.js 20+.
 *
 *   npx tsx scripts/build-plugin.ts        (part of `npm run build`)
 *
 * scripts/plugin-tarball.sh packs bin/plugin/ into the tarball `pulumi plugin install` accepts.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { build } from "esbuild";

const repoRoot = path.resolve(__dirname, "..");
const out = path.join(repoRoot, "bin", "plugin");
const launchers = path.join(repoRoot, "provider", "native", "launcher");

async function main(): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const started = Date.now();
  await build({
    entryPoints: [path.join(repoRoot, "provider", "native", "plugin.ts")],
    outfile: path.join(out, "pulumi-resource-mailreseller.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // See provider/native/typescript-stub.ts.
    alias: { typescript: path.join(repoRoot, "provider", "native", "typescript-stub.ts") },
    legalComments: "linked",
    logLevel: "warning",
  });
  for (const name of fs.readdirSync(launchers)) {
    fs.copyFileSync(path.join(launchers, name), path.join(out, name));
    fs.chmodSync(path.join(out, name), 0o755);
  }
  const size = fs.statSync(path.join(out, "pulumi-resource-mailreseller.js")).size;
  process.stderr.write(
    `[build-plugin] bin/plugin/pulumi-resource-mailreseller.js: ${(size / 1e6).toFixed(1)} MB in ${Date.now() - started} ms\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`[build-plugin] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
