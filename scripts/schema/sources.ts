/**
 * The package's sources as the TypeScript compiler reads them: the public namespaces of the entry point
 * (provider/index.ts) and their exports, and the TSDoc of any declaration. The schema's descriptions come
 * from here, never from text restated in the generator.
 */
import * as path from "node:path";

import * as ts from "typescript";

/** The repository's root. */
export const repoRoot = path.resolve(__dirname, "../..");

/** The compiled sources and the entry point's namespaces (`outmail`, …) with their exports, by name. */
export interface Sources {
  checker: ts.TypeChecker;
  namespaces: Map<string, Map<string, ts.Symbol>>;
}

/** Compiles the package's entry point with the repository's compiler options (tsconfig.json). */
export function loadSources(): Sources {
  const configPath = path.join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  const entry = path.join(repoRoot, "provider", "index.ts");
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const namespaces = new Map<string, Map<string, ts.Symbol>>();
  for (const exported of checker.getExportsOfModule(module)) {
    const target = resolveAlias(checker, exported);
    if (!(target.flags & ts.SymbolFlags.Module)) continue;
    const members = checker
      .getExportsOfModule(target)
      .map((s): [string, ts.Symbol] => [s.name, resolveAlias(checker, s)]);
    namespaces.set(exported.name, new Map(members));
  }
  return { checker, namespaces };
}

/** The symbol an export names (an `export { x } from` is an alias of the declaration). */
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** An export of a namespace, e.g. `("mailup", "getProfile")`; throws naming it when there is none. */
export function exportOf(sources: Sources, namespace: string, name: string): ts.Symbol {
  const symbol = sources.namespaces.get(namespace)?.get(name);
  if (symbol === undefined) throw new Error(`the package exports no ${namespace}.${name}`);
  return symbol;
}

/**
 * The TSDoc of a symbol as Markdown, or undefined when it has none: its text without the tags, with
 * `{@link X}` written as code (`X`), since the schema's readers have no link to follow.
 */
export function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): string | undefined {
  let text = "";
  for (const part of symbol.getDocumentationComment(checker)) {
    if (part.kind === "link") continue;
    text += part.kind === "linkName" || part.kind === "linkText" ? `\`${part.text.trim()}\`` : part.text;
  }
  // A parameter's `@param name - text` reads "- text".
  text = text.trim().replace(/^-\s+/, "");
  return text === "" ? undefined : text;
}

/** The first declaration of a symbol; throws naming it when it has none. */
export function declarationOf(symbol: ts.Symbol): ts.Declaration {
  const declaration = symbol.declarations?.[0];
  if (declaration === undefined) throw new Error(`${symbol.name} has no declaration`);
  return declaration;
}

/**
 * The schema module of a declaration: the vendor folder under provider/ that declares it (`partner`,
 * `mailup`, `resellerclub`, `mailpartner`). A named type gets one token wherever it is used.
 */
export function moduleOfDeclaration(declaration: ts.Node): string {
  const file = path.relative(path.join(repoRoot, "provider"), declaration.getSourceFile().fileName);
  const [folder] = file.split(path.sep);
  if (!["partner", "mailup", "resellerclub", "mailpartner"].includes(folder)) {
    throw new Error(`${file}: a type of the schema must be declared in a vendor's folder under provider/`);
  }
  return folder;
}
