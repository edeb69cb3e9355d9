/**
 * `npm run gen:schema`: writes the native provider's package schema (provider/native/schema.json) and the
 * API reference rendered from it (docs/reference/), both generated from the sources and committed. A unit
 * test (test/unit/package-schema.test.ts) fails when either differs from a fresh generation.
 *
 * It lives under scripts/ rather than provider/ because everything under provider/ is compiled into the
 * published package, and the generator needs the TypeScript compiler and the sources, neither of which
 * users install.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { DOCS_DIR, referencePages } from "./docs";
import { packageSchema } from "./package-schema";
import { repoRoot } from "./sources";
import type { PackageSpec } from "./spec";

/** Where the schema is written, from the repository's root. */
export const SCHEMA_FILE = "provider/native/schema.json";

/** The generated files, by path from the repository's root, with the schema they come from. */
export function generatedFiles(): { schema: PackageSpec; files: Map<string, string> } {
  const schema = packageSchema();
  const files = new Map<string, string>();
  files.set(SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`);
  for (const [page, text] of referencePages(schema)) files.set(`${DOCS_DIR}/${page}`, text);
  return { schema, files };
}

/** The files under docs/reference/ now, by path from the repository's root. */
export function existingReferenceFiles(): string[] {
  const root = path.join(repoRoot, DOCS_DIR);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(root, f)).isFile())
    .map((f) => `${DOCS_DIR}/${f.split(path.sep).join("/")}`)
    .sort();
}

function main(): void {
  const { schema, files } = generatedFiles();
  // A page whose resource, function or module is gone goes with it.
  for (const stale of existingReferenceFiles().filter((f) => !files.has(f))) {
    fs.rmSync(path.join(repoRoot, stale));
  }
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(repoRoot, file)), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, file), text);
  }
  const size = Buffer.byteLength(files.get(SCHEMA_FILE)!);
  console.log(
    `${SCHEMA_FILE}: ${size} bytes, ${Object.keys(schema.resources).length} resources, ` +
      `${Object.keys(schema.functions).length} functions, ${Object.keys(schema.types).length} types, ` +
      `${Object.keys(schema.config.variables).length} config variables; ${files.size - 1} pages in ${DOCS_DIR}/`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
