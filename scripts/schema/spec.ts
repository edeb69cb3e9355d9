/**
 * The parts of a Pulumi package schema this package's generator writes, typed after Pulumi's metaschema
 * (pkg/codegen/schema/pulumi.json in pulumi/pulumi; the unit test validates the result against it).
 */

/** A primitive type. */
export type PrimitiveName = "string" | "number" | "integer" | "boolean";

/** A reference to a type: primitive, list, map, named type (`#/types/…`, `pulumi.json#/Any`) or union. */
export type TypeSpec =
  | { type: PrimitiveName }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties: TypeSpec }
  | { $ref: string }
  | { oneOf: TypeSpec[] };

/** A property of a resource, an object type, a function's inputs or outputs, or a config variable. */
export type PropertySpec = TypeSpec & {
  description?: string;
  default?: string | number | boolean;
  /** Environment variables that stand in for the property (config variables). */
  defaultInfo?: { environment: string[] };
  secret?: boolean;
};

/** An object: its properties and which of them are required (inputs) or always set (outputs). */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A named enum type (`types["mailreseller:partner:PartnerProduct"]`). */
export interface EnumTypeSpec {
  type: "string";
  description?: string;
  enum: { value: string }[];
}

/** A named type. */
export type ComplexTypeSpec = ObjectTypeSpec | EnumTypeSpec;

/** A resource: its outputs (`properties`, `required`) and its inputs. */
export interface ResourceSpec {
  description?: string;
  properties: Record<string, PropertySpec>;
  required: string[];
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
}

/** The provider resource (explicit providers): only inputs. */
export interface ProviderSpec {
  description?: string;
  inputProperties: Record<string, PropertySpec>;
}

/** A function (an invoke). */
export interface FunctionSpec {
  description?: string;
  inputs?: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

/**
 * What Pulumi's SDK generators read from `language` (pkg/codegen/{nodejs,python,go}/importer.go at v3.276.0:
 * NodePackageInfo, PackageInfo, GoPackageInfo); only the fields this package sets.
 */
export interface LanguageSpecs {
  nodejs: { packageName: string; packageDescription?: string; readme?: string; typescriptVersion?: string };
  python: { packageName: string; readme?: string; pyproject: { enabled: boolean } };
  go: { importBasePath: string };
}

/** The package schema. */
export interface PackageSpec {
  name: string;
  version: string;
  description?: string;
  license?: string;
  repository?: string;
  /** Where the CLI downloads the plugin that a generated SDK asks for (`github://api.github.com/ORG/REPO`). */
  pluginDownloadURL?: string;
  meta: { moduleFormat: string; supportPack?: boolean };
  config: { variables: Record<string, PropertySpec> };
  provider: ProviderSpec;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  types: Record<string, ComplexTypeSpec>;
  language?: LanguageSpecs;
}
