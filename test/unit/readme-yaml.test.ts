/**
 * The README's YAML examples name only what the package schema has: every resource type, its properties,
 * an explicit provider's properties and every function (run end to end in native-yaml.engine).
 */
import * as fs from "node:fs";
import * as path from "node:path";

import * as yaml from "js-yaml";

import type { PackageSchema } from "../../provider/native/schema-types";

const repoRoot = path.resolve(__dirname, "../..");
const schema = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "provider/native/schema.json"), "utf8"),
) as PackageSchema;
const blocks = [
  ...fs.readFileSync(path.join(repoRoot, "README.md"), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g),
]
  .map((m) => yaml.load(m[1]) as Record<string, unknown>)
  .filter((doc) => doc?.resources !== undefined || doc?.variables !== undefined);

test("the README has YAML programs", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
});

test("each YAML resource's type and properties are the schema's", () => {
  for (const doc of blocks) {
    for (const [name, resource] of Object.entries(
      (doc.resources ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      const type = resource.type as string;
      const spec = type === "pulumi:providers:mailreseller" ? schema.provider : schema.resources[type];
      expect({ name, type, known: spec !== undefined }).toEqual({ name, type, known: true });
      const inputs = Object.keys(spec?.inputProperties ?? {});
      for (const key of Object.keys((resource.properties ?? {}) as object)) {
        expect({ type, key, known: inputs.includes(key) }).toEqual({ type, key, known: true });
      }
      for (const required of spec?.requiredInputs ?? []) {
        expect({ type, required, given: required in ((resource.properties ?? {}) as object) }).toEqual({
          type,
          required,
          given: true,
        });
      }
    }
  }
});

test("each function a YAML example invokes is the schema's", () => {
  const invoked = blocks.flatMap((doc) =>
    [...JSON.stringify(doc).matchAll(/"fn::invoke":\{"function":"([^"]+)"/g)].map((m) => m[1]),
  );
  expect(invoked.length).toBeGreaterThan(0);
  for (const fn of invoked) expect(Object.keys(schema.functions ?? {})).toContain(fn);
});
