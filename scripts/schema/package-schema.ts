/**
 * The package schema of the native provider plugin (`pulumi-resource-mailreseller`), as its GetSchema
 * answers it: every resource, every function, the named types they reach, and the stack settings as
 * config variables and as the inputs of an explicit provider. Built from the sources each part names;
 * nothing in it is written by hand but the package's identity, which comes from package.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import * as ts from "typescript";

import { NATIVE_PACKAGE, RESOURCE_LABELS } from "../../provider/core/protocol/type-tokens";
import { configNamespace, envVarFor } from "../../provider/core/transport/config";
import { PACKAGE_SETTINGS } from "../../provider/native/config-keys";
import { functionSpecs } from "./function-specs";
import { languageSpecs, pluginDownloadUrl, repositoryPath } from "./languages";
import { resourceSpec } from "./resources";
import { type Sources, loadSources, repoRoot } from "./sources";
import type { PackageSpec, PropertySpec, ResourceSpec } from "./spec";
import { NamedTypes, TypeConverter } from "./ts-types";

/** Builds the schema from the sources (compiling them, which takes a few seconds). */
export function packageSchema(sources: Sources = loadSources()): PackageSpec {
  const named = new NamedTypes();
  const types = new TypeConverter(sources.checker, named);
  const resources: Record<string, ResourceSpec> = {};
  for (const label of RESOURCE_LABELS) {
    const [token, spec] = resourceSpec(sources, types, label);
    resources[token] = spec;
  }
  const functions = functionSpecs(sources, types);
  const settings = configVariables();
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    version: string;
    license?: string;
    repository?: { url?: string };
    devDependencies: Record<string, string>;
  };
  const description = entryPointSummary();
  if (manifest.repository?.url === undefined) {
    throw new Error("package.json has no repository.url: the SDKs' paths and the plugin's URL come from it");
  }
  const repository = repositoryPath(manifest.repository.url);
  return {
    name: NATIVE_PACKAGE,
    version: manifest.version,
    ...(description === undefined ? {} : { description }),
    ...(manifest.license === undefined ? {} : { license: manifest.license }),
    repository: `https://${repository}`,
    pluginDownloadURL: pluginDownloadUrl(repository),
    // The module is the token's middle part as it is (`outmail`, `mailup`): the namespaces users know.
    // supportPack makes the generators write the schema's version (package.json's) into every SDK, its
    // pulumi-plugin.json and the plugin version it asks for, and the Go SDK's go.mod (schema.go,
    // MetadataSpec): the SDKs of a release need no version patched in.
    meta: { moduleFormat: "(.*)", supportPack: true },
    config: { variables: settings },
    provider: { inputProperties: settings },
    resources: sorted(resources),
    functions: sorted(functions),
    types: sorted(Object.fromEntries(named.specs)),
    language: languageSpecs(repository, description, manifest.devDependencies.typescript),
  };
}

/**
 * Each stack setting (`mailreseller:<key>`): a string, as the provider reads it, with its default and the
 * environment variable that stands in for it; secret ones are secret.
 */
function configVariables(): Record<string, PropertySpec> {
  const variables: Record<string, PropertySpec> = {};
  for (const setting of PACKAGE_SETTINGS) {
    variables[setting.key] = {
      type: "string",
      description: setting.description,
      ...(setting.defaultValue === undefined ? {} : { default: setting.defaultValue }),
      defaultInfo: { environment: [envVarFor(setting.key)] },
      ...(setting.secret ? { secret: true } : {}),
    };
  }
  if (Object.keys(variables).length !== PACKAGE_SETTINGS.length) {
    throw new Error(`two settings of ${configNamespace} share a key`);
  }
  return variables;
}

/** The first paragraph of the entry point's header comment (provider/index.ts). */
function entryPointSummary(): string | undefined {
  const file = path.join(repoRoot, "provider", "index.ts");
  const text = fs.readFileSync(file, "utf8");
  const [range] = ts.getLeadingCommentRanges(text, 0) ?? [];
  if (range === undefined) return undefined;
  const comment = text
    .slice(range.pos, range.end)
    .replace(/^\/\*\*|\*\/$/g, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
  return comment.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, " ");
}

/** The entries of a record sorted by key, so the generated file changes only where the sources do. */
function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
