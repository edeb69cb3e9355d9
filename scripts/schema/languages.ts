/**
 * What the package schema tells Pulumi's SDK generators (sdk-gen/, `npm run gen:sdk`) and the CLI about
 * publishing: the package name of each language's SDK, the Go import path, and where the plugin is
 * downloaded from. Each field is named after what pkg/v3@v3.276.0's codegen reads
 * (codegen/{nodejs,python,go}/importer.go and gen.go); the repository's address comes from package.json,
 * so a fork that changes it changes every path below with it.
 */
import { NATIVE_PACKAGE } from "../../provider/core/protocol/type-tokens";
import type { LanguageSpecs } from "./spec";

/**
 * The npm name of the Node.js SDK. Not `pulumi-mailreseller`, which is this repository's own package (the
 * TypeScript classes with dynamic providers), and not the generator's default `@pulumi/mailreseller`,
 * which is Pulumi's scope. The scope is the GitHub organisation's name, so the npm organisation that owns
 * it is the same owner as the Go module path and the plugin's release assets, and only its members can
 * publish under it.
 */
export const NODEJS_PACKAGE = `@pulumi-mailreseller/${NATIVE_PACKAGE}`;

/**
 * The Python distribution and import name: Pulumi's `pulumi_<name>` form, the generator's default for a
 * package with no namespace, spelt out so that a namespace added later cannot rename it.
 */
export const PYTHON_PACKAGE = `pulumi_${NATIVE_PACKAGE}`;

/** The repository's address without scheme and `.git` (`github.com/ORG/REPO`), from package.json's URL. */
export function repositoryPath(repositoryUrl: string): string {
  const match = /^(?:git\+)?https:\/\/(github\.com\/[^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(repositoryUrl);
  if (match === null) {
    throw new Error(
      `package.json's repository.url ${repositoryUrl} is not a GitHub repository: the Go module path and ` +
        "the plugin's download URL are derived from it",
    );
  }
  return match[1];
}

/**
 * The plugin's download URL: the CLI fetches `pulumi-resource-mailreseller-v<version>-<os>-<arch>.tar.gz`
 * from the GitHub release tagged `v<version>` of this repository (sdk/go/common/workspace/plugins.go,
 * githubSource). Every generated SDK passes it with the version as the default resource options, so a
 * program in any language gets the plugin without `pulumi plugin install`.
 */
export function pluginDownloadUrl(repository: string): string {
  return `github://api.${repository}`;
}

/**
 * Go: the root package's import path. The module (sdk/go/go.mod, written by the generator) is its parent,
 * `…/sdk/go`, which the go command finds in this repository's subfolder sdk/go at tags `sdk/go/vX.Y.Z`. A
 * major version 2 or later must add `/vN` after `sdk/go` here (Go's semantic import versioning).
 */
export function goImportBasePath(repository: string): string {
  return `${repository}/sdk/go/${NATIVE_PACKAGE}`;
}

/** The `language` section of the schema. */
export function languageSpecs(
  repository: string,
  description: string | undefined,
  typescriptVersion: string,
): LanguageSpecs {
  const readme = (install: string) =>
    [
      `# ${NATIVE_PACKAGE}`,
      "",
      ...(description === undefined ? [] : [description, ""]),
      `The Pulumi SDK of the \`${NATIVE_PACKAGE}\` resource provider, generated from its package schema. ` +
        "The Pulumi CLI downloads the provider plugin of the same version from the project's GitHub release.",
      "",
      install,
      "",
      `Documentation: https://${repository}#readme ("Every Pulumi language") and the API reference, ` +
        `https://${repository}/tree/main/docs/reference.`,
      "",
    ].join("\n");
  return {
    nodejs: {
      packageName: NODEJS_PACKAGE,
      ...(description === undefined ? {} : { packageDescription: description }),
      readme: readme(`    npm install ${NODEJS_PACKAGE}`),
      // The SDK's own `npm run build` (tsc) gets the TypeScript this repository compiles it with in
      // test/package/sdks.test.ts, not the generator's floor (^4.7.0), which nothing here tests.
      typescriptVersion,
    },
    python: {
      packageName: PYTHON_PACKAGE,
      readme: readme(`    pip install ${PYTHON_PACKAGE.replace(/_/g, "-")}`),
      // pyproject.toml rather than setup.py: `python -m build` needs nothing else, and the version is
      // written into it (with meta.supportPack) instead of being patched in at release time.
      pyproject: { enabled: true },
    },
    go: { importBasePath: goImportBasePath(repository) },
  };
}
