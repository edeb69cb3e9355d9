/**
 * The package as npm publishes it: `npm pack` (its `prepack` builds from the sources) produces a tarball
 * with the compiled package, its types, the policy pack, LICENSE, README and CHANGELOG, and nothing else; installed, only the
 * documented entry points resolve: the root, the shims that old state requires, and package.json. The
 * types of those entry points reach no dependency but @pulumi/pulumi and Node.js's own.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as ts from "typescript";

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, "../..");
let files: string[];
let installed: string;

beforeAll(() => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
  const json = execFileSync("npm", ["pack", "--json", "--pack-destination", out], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  // `prepack`'s build prints before the JSON.
  const [pack] = JSON.parse(json.slice(json.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = pack.files.map((f) => f.path).sort();
  // Unpacked where a user's project has it, to ask Node's resolver what the exports map lets through.
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "pack-user-"));
  installed = path.join(project, "node_modules", "pulumi-mailreseller");
  fs.mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", path.join(out, pack.filename), "-C", installed, "--strip-components=1"]);
});

/** The policy pack, shipped inside the package (its compiled JavaScript is under policy/bin/). */
const policyPackFiles = [
  "policy/PulumiPolicy.yaml",
  "policy/package.json",
  "policy/README.md",
  "policy/run-policy-pack",
];

test("ships the compiled package with its types, the policy pack, LICENSE, README and CHANGELOG only", () => {
  expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md", "package.json"]));
  // The command, where package.json's "bin" points (bin/commands/cli.js).
  const { bin } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  expect(files).toEqual(
    expect.arrayContaining(["bin/index.js", "bin/index.d.ts", bin["pulumi-mailreseller"]]),
  );
  const shims = fs
    .readdirSync(path.join(repoRoot, "provider/shims"))
    .map((f) => `bin/shims/${f.replace(/\.ts$/, ".js")}`);
  expect(files).toEqual(expect.arrayContaining(shims));
  const unexpected = files.filter(
    (f) =>
      !["LICENSE", "README.md", "CHANGELOG.md", "package.json"].includes(f) &&
      !/^bin\/.*\.(js|d\.ts)$/.test(f) &&
      !/^bin\/plugin\/pulumi-resource-mailreseller(\.cmd|\.js\.LEGAL\.txt)?$/.test(f) &&
      !policyPackFiles.includes(f) &&
      !/^policy\/bin\/.*\.js$/.test(f),
  );
  expect(unexpected).toEqual([]);
  // The native provider plugin: the launchers beside the bundle (scripts/build-plugin.ts).
  expect(files).toEqual(
    expect.arrayContaining([
      "bin/plugin/pulumi-resource-mailreseller",
      "bin/plugin/pulumi-resource-mailreseller.cmd",
      "bin/plugin/pulumi-resource-mailreseller.js",
      "bin/plugin/pulumi-resource-mailreseller.js.LEGAL.txt",
    ]),
  );
  expect(files).toEqual(expect.arrayContaining([...policyPackFiles, "policy/bin/policy/index.js"]));
  // No sources, tests, source maps or sandbox state.
  expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
});

/** What Node's own resolver (not Jest's) makes of each specifier, from the user's project. */
function nodeResolves(specifiers: string[]): Record<string, string> {
  const script = `
    const out = {};
    for (const s of ${JSON.stringify(specifiers)}) {
      try { out[s] = require.resolve(s); } catch (e) { out[s] = e.code || e.message; }
    }
    process.stdout.write(JSON.stringify(out));`;
  const cwd = path.dirname(path.dirname(installed));
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd, encoding: "utf8" })) as Record<
    string,
    string
  >;
}

test("lets only the root, the shims and package.json be imported", () => {
  const shims = fs.readdirSync(path.join(installed, "bin/shims")).filter((f) => f.endsWith(".js"));
  const internal = [
    "pulumi-mailreseller/bin/core/transport/http.js",
    "pulumi-mailreseller/bin/partner/client.js",
    "pulumi-mailreseller/bin/index.js",
  ];
  const resolved = nodeResolves([
    "pulumi-mailreseller",
    "pulumi-mailreseller/package.json",
    ...shims.map((s) => `pulumi-mailreseller/bin/shims/${s}`),
    ...internal,
  ]);
  const real = (p: string) => fs.realpathSync(p);
  expect(real(resolved["pulumi-mailreseller"])).toBe(real(path.join(installed, "bin/index.js")));
  expect(real(resolved["pulumi-mailreseller/package.json"])).toBe(real(path.join(installed, "package.json")));
  // Old state requires these paths: they must resolve forever.
  for (const shim of shims) {
    expect(real(resolved[`pulumi-mailreseller/bin/shims/${shim}`])).toBe(
      real(path.join(installed, "bin/shims", shim)),
    );
  }
  for (const specifier of internal) expect(resolved[specifier]).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
});

/**
 * Every module a declaration file names: imports and re-exports (`export * as x from`), `import x =
 * require(…)`, `import("…")` types and `/// <reference types | path>`.
 */
function referencedModules(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const names = [...source.typeReferenceDirectives, ...source.referencedFiles].map((r) => r.fileName);
  const visit = (node: ts.Node): void => {
    const specifier =
      ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
        ? node.moduleSpecifier
        : ts.isExternalModuleReference(node)
          ? node.expression
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
            ? node.argument.literal
            : undefined;
    if (specifier && ts.isStringLiteral(specifier)) names.push(specifier.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

test("the types of the entry points reach no dependency but @pulumi/pulumi and Node.js's own", () => {
  // A user's tsc compiles every declaration file its program reaches. zod's (and axios's, express's)
  // need esModuleInterop, which the tsconfig `pulumi new typescript` wrote for years does not set.
  const entries = [
    path.join(installed, "bin/index.d.ts"),
    ...fs
      .readdirSync(path.join(installed, "bin/shims"))
      .filter((f) => f.endsWith(".d.ts"))
      .map((f) => path.join(installed, "bin/shims", f)),
  ];
  const reached = new Set<string>();
  const outside = new Map<string, string[]>();
  const missing: string[] = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const specifier of referencedModules(file)) {
      if (specifier.startsWith(".")) {
        const base = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ""));
        const target = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
        if (target === undefined) missing.push(`${path.relative(installed, file)}: ${specifier}`);
        else queue.push(target);
      } else if (!/^(@pulumi\/pulumi(\/.*)?|node|node:.*)$/.test(specifier)) {
        const from = path.relative(installed, file);
        outside.set(specifier, [...(outside.get(specifier) ?? []), from]);
      }
    }
  }
  expect(Object.fromEntries(outside)).toEqual({});
  expect(missing).toEqual([]);
  // The walk did find the resources' declarations.
  expect([...reached].map((f) => path.relative(installed, f))).toEqual(
    expect.arrayContaining(["bin/mailup/account-pack.d.ts", "bin/partner/service.d.ts"]),
  );
});

test("ships the policy pack runnable where it is installed: its entry point, and an executable launcher", () => {
  const pack = path.join(installed, "policy");
  const manifest = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8")) as { main: string };
  expect(fs.existsSync(path.join(pack, manifest.main))).toBe(true);
  expect(fs.readFileSync(path.join(pack, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  expect(fs.statSync(path.join(pack, "run-policy-pack")).mode & 0o111).not.toBe(0);
});
