/**
 * What a user sees when hovering an argument in an editor: the TypeScript language service, over a user
 * program that imports the package's entry point, finds each resource's argument docs (the hand-written
 * args interfaces in provider/), and every member of every args interface, and every output a resource
 * class declares, has some.
 */
import * as path from "node:path";

import * as ts from "typescript";

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, "../..");
const userFile = path.join(repoRoot, "test", "unit", "__hover-program__.ts");

const program = `import * as pulumi from "@pulumi/pulumi";
import { mailpartner, mailup, outmail, partner, resellerclub } from "../../provider";

new outmail.Service("relay", {
  clientId: "9987606",
  serviceName: "Outmail500",
  username: "relay-1",
  password: pulumi.secret("correct horse"),
});
const account = new mailup.Account("console", {
  profile: "Premium",
  language: "EN",
  ipAddress: "192.0.2.1",
  email: "owner@customer.example",
  customDomain: "customer.example",
  customSubdomain: "news",
  serviceName: "Newsletters",
  serviceUrl: "https://customer.example",
  serviceLogoutUrl: "https://customer.example/bye",
});
new mailup.AccountPack("credits", { accountId: account.accountId, pack: "Crediti300", quantity: 2 });
const mailbox = new resellerclub.MailUser("ann", {
  orderId: "1001",
  email: "ann@customer.example",
  password: pulumi.secret("correct horse"),
  notificationEmail: "it@customer.example",
  firstName: "Ann",
  lastName: "Smith",
  countryCode: "US",
  languageCode: "en",
});
new resellerclub.ForwardOnlyAccount("sales", {
  orderId: "1001",
  email: "sales@customer.example",
  forwards: [mailbox.email],
});
new mailpartner.Subaccount("shop", { type: "simple", creditToAttribute: 10 });
new partner.LiveService("mx", { liveServiceId: "1234801", product: "backupMX", serviceName: "BackupMX1" });
`;

function languageService(): ts.LanguageService {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
  };
  const isUserFile = (name: string) => path.resolve(name) === userFile;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [userFile],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = isUserFile(name) ? program : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => repoRoot,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => isUserFile(name) || ts.sys.fileExists(name),
    readFile: (name) => (isUserFile(name) ? program : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

let service: ts.LanguageService;
beforeAll(() => {
  service = languageService();
});
afterAll(() => service.dispose());

/**
 * The hover documentation of the `field` property in the object literal after `anchor`, its line breaks
 * joined as an editor's Markdown rendering joins them.
 */
function hover(anchor: string, field: string): string {
  const start = program.indexOf(anchor);
  expect(start).toBeGreaterThanOrEqual(0);
  const position = program.indexOf(`${field}:`, start);
  expect(position).toBeGreaterThan(start);
  const info = service.getQuickInfoAtPosition(userFile, position);
  return ts.displayPartsToString(info?.documentation).replace(/\s+/g, " ").trim();
}

test("the user program compiles", () => {
  const diagnostics = [
    ...service.getSyntacticDiagnostics(userFile),
    ...service.getSemanticDiagnostics(userFile),
  ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(diagnostics).toEqual([]);
});

test("hovering outmail.Service's serviceName shows its contract", () => {
  const text = hover('new outmail.Service("relay"', "serviceName");
  // Quoted in the release note.
  console.log(`Hover text of outmail.Service serviceName:\n${text}`);
  expect(text).toContain("regrades the live service in place");
  expect(text).toContain("regrade_servicenames");
});

test.each([
  ["mailup.Account", "profile", 'new mailup.Account("console"', "switches the account's profile in place"],
  [
    "mailup.AccountPack",
    "quantity",
    'new mailup.AccountPack("credits"',
    "sets the new absolute quantity in place",
  ],
  [
    "resellerclub.MailUser",
    "countryCode",
    'new resellerclub.MailUser("ann"',
    "ResellerClub cannot change it",
  ],
  [
    "resellerclub.ForwardOnlyAccount",
    "forwards",
    'new resellerclub.ForwardOnlyAccount("sales"',
    "order, case and duplicates do not matter",
  ],
  [
    "partner.LiveService",
    "serviceName",
    'new partner.LiveService("mx"',
    "check refuses another product's tariff",
  ],
  [
    "mailpartner.Subaccount",
    "creditToAttribute",
    'new mailpartner.Subaccount("shop"',
    "a later change moves no money",
  ],
])("hovering %s's %s shows its contract", (_resource, field, anchor, phrase) => {
  expect(hover(anchor, field)).toContain(phrase);
});

describe("every argument and every declared output is documented", () => {
  let checker: ts.TypeChecker;
  /** Namespace (outmail, …) → its exports, by name. */
  let namespaces: Map<string, Map<string, ts.Symbol>>;

  beforeAll(() => {
    const built = service.getProgram()!;
    checker = built.getTypeChecker();
    const source = built.getSourceFile(userFile)!;
    const entry = source.statements
      .filter(ts.isImportDeclaration)
      .find((d) => (d.moduleSpecifier as ts.StringLiteral).text === "../../provider")!;
    const module = checker.getSymbolAtLocation(entry.moduleSpecifier)!;
    namespaces = new Map();
    for (const ns of checker.getExportsOfModule(module)) {
      const target = resolve(ns);
      if (!(target.flags & ts.SymbolFlags.Module)) continue;
      const exports = new Map(checker.getExportsOfModule(target).map((s) => [s.name, resolve(s)]));
      namespaces.set(ns.name, exports);
    }
  });

  function resolve(symbol: ts.Symbol): ts.Symbol {
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  }

  function argsInterfaces(): [string, ts.Symbol][] {
    return [...namespaces].flatMap(([ns, exports]) =>
      [...exports]
        .filter(([name, s]) => name.endsWith("Args") && s.flags & ts.SymbolFlags.Interface)
        .map(([name, s]): [string, ts.Symbol] => [`${ns}.${name}`, s]),
    );
  }

  const docOf = (symbol: ts.Symbol) =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();

  test("the seven resources' args interfaces are found", () => {
    expect(argsInterfaces().map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "outmail.ServiceArgs",
        "mailup.AccountArgs",
        "mailup.AccountPackArgs",
        "resellerclub.MailUserArgs",
        "resellerclub.ForwardOnlyAccountArgs",
        "mailpartner.SubaccountArgs",
        "partner.LiveServiceArgs",
      ]),
    );
    expect(argsInterfaces()).toHaveLength(7);
  });

  test("every member of every args interface has documentation", () => {
    const undocumented: string[] = [];
    for (const [name, symbol] of argsInterfaces()) {
      const members = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol));
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) if (docOf(member) === "") undocumented.push(`${name}.${member.name}`);
    }
    expect(undocumented).toEqual([]);
  });

  test("every resource class, and every output it declares, has documentation", () => {
    const undocumented: string[] = [];
    for (const [name] of argsInterfaces()) {
      const [ns, args] = name.split(".");
      const cls = namespaces.get(ns)!.get(args.replace(/Args$/, ""))!;
      expect(cls.flags & ts.SymbolFlags.Class).toBeTruthy();
      if (docOf(cls) === "") undocumented.push(`${ns}.${cls.name}`);
      const instance = checker.getDeclaredTypeOfSymbol(cls);
      // The outputs the class itself declares (id, urn and the rest come from the SDK).
      const own = checker
        .getPropertiesOfType(instance)
        .filter((p) => p.declarations?.some((d) => d.parent === cls.valueDeclaration));
      expect(own.length).toBeGreaterThan(0);
      for (const output of own)
        if (docOf(output) === "") undocumented.push(`${ns}.${cls.name}.${output.name}`);
    }
    expect(undocumented).toEqual([]);
  });
});
