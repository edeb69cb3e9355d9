/**
 * The native provider's package schema (provider/native/schema.json) and the API reference rendered from
 * it (docs/reference/): both are committed, both are what `npm run gen:schema` generates from the sources
 * now, the schema says what the TypeScript classes say, and it is a valid Pulumi package schema.
 *
 * The metaschema (fixtures/pulumi-metaschema.json) is pulumi/pulumi's pkg/codegen/schema/pulumi.json at
 * v3.276.0 (the @pulumi/pulumi of the lock file), Apache-2.0, copied as it is.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import Ajv2020 from "ajv/dist/2020";
import * as ts from "typescript";

import * as registrationModule from "../../provider/core/program/registration";
import {
  RESOURCE_LABELS,
  type ResourceLabel,
  nativeTypeToken,
  tokenParts,
} from "../../provider/core/protocol/type-tokens";
import * as api from "../../provider";
import { SCHEMA_FILE, existingReferenceFiles, generatedFiles } from "../../scripts/schema/generate";
import { type Sources, loadSources } from "../../scripts/schema/sources";
import type { PackageSpec } from "../../scripts/schema/spec";

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, "../..");
let files: Map<string, string>;
let sources: Sources;
/** The committed schema, as the native provider serves it. */
let schema: PackageSpec;

beforeAll(() => {
  ({ files } = generatedFiles());
  sources = loadSources();
  schema = JSON.parse(fs.readFileSync(path.join(repoRoot, SCHEMA_FILE), "utf8")) as PackageSpec;
});

test("schema.json and docs/reference/ are what `npm run gen:schema` writes from the sources now", () => {
  const read = (file: string) =>
    fs.existsSync(path.join(repoRoot, file)) ? fs.readFileSync(path.join(repoRoot, file), "utf8") : undefined;
  const outdated = [...files].filter(([file, text]) => read(file) !== text).map(([file]) => file);
  const stale = existingReferenceFiles()
    .filter((file) => !files.has(file))
    .map((file) => `${file} (no longer generated)`);
  if (outdated.length + stale.length > 0) {
    throw new Error(
      `The generated files differ from the sources: ${[...outdated, ...stale].join(", ")}. ` +
        "Run `npm run gen:schema` and commit the result.",
    );
  }
});

describe("the schema says what the TypeScript classes say", () => {
  /** The resource's class or args interface, as the package's entry point exports it. */
  function exported(label: ResourceLabel, suffix: "" | "Args"): ts.Symbol {
    const [namespace, type] = tokenParts(label);
    return sources.namespaces.get(namespace)!.get(`${type}${suffix}`)!;
  }

  test.each(RESOURCE_LABELS)(
    "%s: every argument is an input, required unless the interface marks it optional",
    (label) => {
      const { checker } = sources;
      const resource = schema.resources[nativeTypeToken(label)];
      const members = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exported(label, "Args")));
      expect(Object.keys(resource.inputProperties).sort()).toEqual(members.map((m) => m.name).sort());
      const required = members.filter((m) => !(m.flags & ts.SymbolFlags.Optional)).map((m) => m.name);
      expect([...resource.requiredInputs].sort()).toEqual(required.sort());
      for (const member of members) expect(resource.inputProperties[member.name].description).toBeDefined();
    },
  );

  test.each(RESOURCE_LABELS)(
    "%s: every declared output is an output, always set unless it may be undefined",
    (label) => {
      const { checker } = sources;
      const resource = schema.resources[nativeTypeToken(label)];
      // `declare public readonly x: pulumi.Output<T>`: an Output, whose `get()` returns its value, a T.
      const valueOf = (type: ts.Type): ts.Type | undefined => {
        const get = type.getProperty("get");
        if (get === undefined || type.getProperty("apply") === undefined) return undefined;
        return checker
          .getSignaturesOfType(checker.getTypeOfSymbol(get), ts.SignatureKind.Call)[0]
          ?.getReturnType();
      };
      const outputs = checker
        .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exported(label, "")))
        .filter((p) => !["id", "urn"].includes(p.name))
        .map((p) => ({ name: p.name, value: valueOf(checker.getTypeOfSymbol(p)) }))
        .filter((o): o is { name: string; value: ts.Type } => o.value !== undefined);
      expect(Object.keys(resource.properties).sort()).toEqual(outputs.map((o) => o.name).sort());
      const maybeUndefined = (t: ts.Type) =>
        (t.isUnion() ? t.types : [t]).some((m) => m.flags & ts.TypeFlags.Undefined);
      const alwaysSet = outputs.filter((o) => !maybeUndefined(o.value)).map((o) => o.name);
      expect([...resource.required].sort()).toEqual(alwaysSet.sort());
      // Outputs include every input.
      expect(Object.keys(resource.properties)).toEqual(
        expect.arrayContaining(Object.keys(resource.inputProperties)),
      );
    },
  );

  test.each(RESOURCE_LABELS)(
    "%s: the secret outputs are those the class registers, and so are the secret inputs",
    (label) => {
      // What the class passes to registration(…, { secretOutputs }) when constructed, caught before the
      // engine is involved.
      const stop = new Error("registered");
      let secretOutputs: string[] | undefined;
      const spy = jest.spyOn(registrationModule, "registration").mockImplementation((...args) => {
        secretOutputs = args[5]?.secretOutputs ?? [];
        throw stop;
      });
      try {
        const [namespace, type] = tokenParts(label);
        const resourceClass = (
          api as unknown as Record<string, Record<string, new (...a: unknown[]) => unknown>>
        )[namespace][type];
        expect(() => new resourceClass("schema-test", {})).toThrow(stop);
      } finally {
        spy.mockRestore();
      }
      const resource = schema.resources[nativeTypeToken(label)];
      const secret = (properties: Record<string, { secret?: boolean }>) =>
        Object.keys(properties)
          .filter((name) => properties[name].secret)
          .sort();
      expect(secret(resource.properties)).toEqual([...secretOutputs!].sort());
      expect(secret(resource.inputProperties)).toEqual(
        secretOutputs!.filter((name) => name in resource.inputProperties).sort(),
      );
    },
  );

  test("a resource type for each label, under its native token, and nothing else", () => {
    expect(Object.keys(schema.resources).sort()).toEqual(RESOURCE_LABELS.map(nativeTypeToken).sort());
  });
});

describe("Pulumi's metaschema", () => {
  const metaschema = JSON.parse(
    fs.readFileSync(path.join(__dirname, "fixtures", "pulumi-metaschema.json"), "utf8"),
  ) as object;
  // Not strict: the metaschema has keywords of its own (a misspelt "desciption"), and its formats
  // (regex, uri-reference) are not checked.
  const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(
    metaschema,
  );

  test("the schema is a valid Pulumi package schema", () => {
    const valid = validate(schema);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the metaschema does refuse what Pulumi would: a property of an unknown type", () => {
    const broken = structuredClone(schema);
    const [token] = Object.keys(broken.resources);
    Object.assign(broken.resources[token].inputProperties, { when: { type: "date" } });
    expect(validate(broken)).toBe(false);
  });
});
