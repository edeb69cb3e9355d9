/**
 * The SDKs generated from the package schema (sdk/go, sdk/python, sdk/nodejs): the committed files are what
 * `npm run gen:sdk` (scripts/gen-sdk.sh, the generator in sdk-gen/) writes from the committed schema now,
 * each carries package.json's version and the plugin's download URL, and each compiles: the Node.js SDK
 * with this repository's tsc and @pulumi/pulumi (and loads, every resource under its type token), the Python
 * SDK byte-compiles, the Go SDK builds from its own go.mod and go.sum.
 *
 * What stays untested here: the Python SDK's imports (Python's `pulumi` package is not installed; the
 * release builds a wheel and imports it, CONTRIBUTING.md "Releasing"), and none of the three is run
 * against the engine by this file.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { RESOURCE_LABELS, nativeTypeToken, tokenParts } from "../../provider/core/protocol/type-tokens";
import { repoRoot } from "../harness/local-cli";

// The generator's first build on a machine compiles Pulumi's codegen (minutes on two cores); later runs
// take about a second.
jest.setTimeout(600_000);

const run = promisify(execFile);
const sdkDir = path.join(repoRoot, "sdk");
const LANGUAGES = ["go", "nodejs", "python"] as const;
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  version: string;
};
/** The Go SDK's module path: other modules import it, so it never changes within a major version. */
const GO_MODULE = "github.com/pulumi-mailreseller/pulumi-mailreseller/sdk/go";

/** Runs a command; a failure names the command and carries its output. */
async function runOrExplain(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (err) {
    const e = err as { code?: string | number; stdout?: string; stderr?: string };
    if (e.code === "ENOENT") throw new Error(`\`${command}\` is not on PATH: ${missingTool(command)}`);
    throw new Error(
      `\`${[command, ...args].join(" ")}\` failed (${e.code}):\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
    );
  }
}

function missingTool(command: string): string {
  switch (command) {
    case "go":
      return "the SDK generator (sdk-gen/) and the Go SDK's build need Go 1.26.6 or newer, as CI has";
    case "python3":
      return "the Python SDK's byte-compilation needs Python 3.9 or newer";
    default:
      return "it is needed to check the generated SDKs";
  }
}

/** The files of a folder, by path relative to it, with `/` separators. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

const goEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GOTOOLCHAIN: "local",
  // readonly: a go.sum that misses an entry fails here instead of being completed on the fly.
  GOFLAGS: `${(process.env.GOFLAGS ?? "").replace(/(^|\s)-mod=\S+/g, "")} -mod=readonly`.trim(),
});

test("sdk/ is what `npm run gen:sdk` writes from provider/native/schema.json now", async () => {
  await runOrExplain("go", ["version"]);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-gen-"));
  try {
    const started = Date.now();
    const { stdout } = await runOrExplain("bash", [path.join(repoRoot, "scripts/gen-sdk.sh"), out]);
    console.log(`gen:sdk into a temp folder in ${Date.now() - started} ms:\n${stdout.trim()}`);
    // The committed files and any new ones, without what the SDKs' own .gitignore files leave out (a build's
    // bin/, node_modules/, __pycache__/).
    const { stdout: listed } = await runOrExplain("git", [
      "ls-files",
      "--cached",
      "--others",
      "--exclude-standard",
      "--",
      "sdk",
    ]);
    const committed = new Set(
      listed
        .split("\n")
        .filter((f) => f !== "" && fs.existsSync(path.join(repoRoot, f)))
        .map((f) => f.slice("sdk/".length)),
    );
    const generated = new Set(filesUnder(out));
    const differences = [
      ...[...generated].filter((f) => !committed.has(f)).map((f) => `sdk/${f} (missing)`),
      ...[...committed].filter((f) => !generated.has(f)).map((f) => `sdk/${f} (no longer generated)`),
      ...[...generated]
        .filter(
          (f) =>
            committed.has(f) &&
            !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(sdkDir, f))),
        )
        .map((f) => `sdk/${f}`),
    ].sort();
    if (differences.length > 0) {
      throw new Error(
        `The generated SDKs differ from the schema: ${differences.join(", ")}. Run \`npm run gen:sdk\` ` +
          "(or `npm run gen`, the schema and then the SDKs) and commit the result.",
      );
    }
    expect(LANGUAGES.every((language) => [...generated].some((f) => f.startsWith(`${language}/`)))).toBe(
      true,
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

describe("each SDK carries the package's version and the plugin's download URL", () => {
  const read = (file: string) => fs.readFileSync(path.join(sdkDir, file), "utf8");
  const plugin = {
    resource: true,
    name: "mailreseller",
    version: manifest.version,
    server: "github://api.github.com/pulumi-mailreseller/pulumi-mailreseller",
  };

  test("Node.js: package.json", () => {
    const npm = JSON.parse(read("nodejs/package.json")) as { name: string; version: string; pulumi: object };
    expect(npm).toMatchObject({ name: "@pulumi-mailreseller/mailreseller", version: manifest.version });
    expect(npm.pulumi).toEqual(plugin);
  });

  test("Python: pyproject.toml and pulumi-plugin.json", () => {
    expect(read("python/pyproject.toml")).toContain(`version = "${manifest.version}"`);
    expect(read("python/pyproject.toml")).toContain('name = "pulumi_mailreseller"');
    expect(JSON.parse(read("python/pulumi_mailreseller/pulumi-plugin.json"))).toEqual(plugin);
  });

  test("Go: the module path, the Pulumi SDK it requires, pulumi-plugin.json", () => {
    const gomod = read("go/go.mod");
    expect(gomod.split("\n")[0]).toBe(`module ${GO_MODULE}`);
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version: string }>;
    };
    // The Go SDK and the Node.js packages this repository is tested with are the same Pulumi release.
    expect(gomod).toContain(
      `github.com/pulumi/pulumi/sdk/v3 v${lock.packages["node_modules/@pulumi/pulumi"].version}`,
    );
    expect(JSON.parse(read("go/mailreseller/pulumi-plugin.json"))).toEqual(plugin);
  });
});

describe("each SDK compiles", () => {
  test("Node.js: tsc with this repository's TypeScript and @pulumi/pulumi, then every resource loads", async () => {
    // Inside the clone, so the compiled SDK resolves @pulumi/pulumi from the repository's node_modules.
    fs.mkdirSync(path.join(repoRoot, ".work"), { recursive: true });
    const out = fs.mkdtempSync(path.join(repoRoot, ".work", "sdk-nodejs-"));
    try {
      const started = Date.now();
      await runOrExplain(process.execPath, [
        require.resolve("typescript/bin/tsc"),
        "-p",
        path.join(sdkDir, "nodejs/tsconfig.json"),
        "--outDir",
        out,
      ]);
      console.log(`Node.js SDK compiled in ${Date.now() - started} ms`);
      // utilities.ts reads the version from package.json beside it, as in the published package.
      fs.copyFileSync(path.join(sdkDir, "nodejs/package.json"), path.join(out, "package.json"));
      // In a Node.js of its own: what each resource class registers as, as a program that imports it sees.
      const classes = RESOURCE_LABELS.map((label) => tokenParts(label));
      const { stdout } = await runOrExplain(process.execPath, [
        "-e",
        `const sdk = require(${JSON.stringify(out)});
         const utilities = require(${JSON.stringify(path.join(out, "utilities"))});
         console.log(JSON.stringify({
           types: ${JSON.stringify(classes)}.map(([ns, type]) => sdk[ns][type].__pulumiType),
           provider: sdk.Provider.__pulumiType,
           version: utilities.getVersion(),
         }));`,
      ]);
      const loaded = JSON.parse(stdout) as { types: string[]; provider: string; version: string };
      expect(loaded).toEqual({
        types: RESOURCE_LABELS.map(nativeTypeToken),
        provider: "mailreseller",
        version: manifest.version,
      });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("Python: every module byte-compiles", async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-pycache-"));
    try {
      const started = Date.now();
      // The bytecode goes to a temp folder, not into sdk/python.
      await runOrExplain("python3", ["-m", "compileall", "-q", path.join(sdkDir, "python")], {
        env: { ...process.env, PYTHONPYCACHEPREFIX: cache },
      });
      console.log(`Python SDK byte-compiled in ${Date.now() - started} ms`);
      const count = (dir: string, extension: string) =>
        filesUnder(dir).filter((f) => f.endsWith(extension)).length;
      expect(count(cache, ".pyc")).toBe(count(path.join(sdkDir, "python"), ".py"));
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  test("Go: go build ./... from its own go.mod and go.sum", async () => {
    const started = Date.now();
    await runOrExplain("go", ["build", "./..."], { cwd: path.join(sdkDir, "go"), env: goEnv() });
    console.log(`Go SDK built in ${Date.now() - started} ms`);
  });
});
