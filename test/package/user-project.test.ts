/**
 * The package as a new user meets it, outside this repository: a scratch project in a temp folder, on
 * Node.js 24, installs the packed tarball (`npm pack`, as the registry would serve it) beside the newest
 * @pulumi/pulumi, type-checks a program that puts Outputs inside lists with the two tsconfigs Pulumi
 * projects carry (today's template's and the older `commonjs` one), deploys it with the real CLI
 * against `npx pulumi-mailreseller sandbox` started from that project, and has a downgrade blocked by
 * the policy pack the package ships (`--policy-pack node_modules/pulumi-mailreseller/policy`).
 *
 * The one stand-in: the CLI runs the program as an Automation API inline program (scripts/run-stack.ts),
 * because the Node.js language host cannot be built here (scripts/pulumi-cli.sh); the program, its
 * dependencies, the provider host and the policy pack all come from the scratch project's node_modules.
 */
import { execFile, spawn, ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import axios from "axios";

import { sandboxStackConfig } from "../../sandbox/server";
import { EngineStack, RunResult, policyPackArgument, repoRoot } from "../engine/harness";

jest.setTimeout(900_000);

const run = promisify(execFile);
const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version: string }>;
};
const versionOf = (name: string) => lock.packages[`node_modules/${name}`].version;

let project: string;
let sandboxProc: ChildProcess;
let sandboxUrl: string;
let stack: EngineStack;

function program(tier: string): string {
  return `import * as pulumi from "@pulumi/pulumi";
import { outmail, resellerclub } from "pulumi-mailreseller";

const config = new pulumi.Config();

const relay = new outmail.Service("relay", {
  clientId: "9987606",
  serviceName: "${tier}",
  username: "scratch-relay",
  password: config.requireSecret("relayPassword"),
});

const mailbox = new resellerclub.MailUser("office", {
  orderId: "1001",
  email: "office@customer.example",
  password: config.requireSecret("mailboxPassword"),
  notificationEmail: "it@customer-parent.example",
  firstName: "Office",
  lastName: "Mailbox",
  countryCode: "GB",
  languageCode: "en",
});

// Outputs inside a list: the address of a mailbox created in the same update.
new resellerclub.ForwardOnlyAccount("sales", {
  orderId: mailbox.orderId,
  email: "sales@customer.example",
  forwards: [mailbox.email, pulumi.interpolate\`archive+\${relay.username}@customer-parent.example\`],
});

export const liveServiceId = relay.liveServiceId;
export const tier = relay.serviceName;
`;
}

/**
 * The compiler options of the two tsconfigs users' projects carry, as `pulumi new typescript` wrote them:
 * today's template (`nodenext`), and the one it wrote for years (`commonjs` with `node` resolution, and
 * neither `esModuleInterop` nor `skipLibCheck`), which compiles every declaration file the program
 * reaches, the package's dependencies' included. The program type-checks with both, unchanged.
 */
const tsconfigs: Record<string, Record<string, unknown>> = {
  "tsconfig.json": {
    strict: true,
    outDir: "bin",
    target: "es2016",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    noEmit: true,
  },
  "tsconfig.nodenext.json": {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    noEmit: true,
  },
};

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function startSandbox(cwd: string): Promise<{ proc: ChildProcess; url: string }> {
  // Its own process group, so stopping it stops npx and the server it started.
  const proc = spawn("npx", ["pulumi-mailreseller", "sandbox", "--port", "0", "--quiet"], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    proc.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before listening:\n${out}`)));
  });
  return { proc, url };
}

beforeAll(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-user-project-"));
  const packed = JSON.parse(
    (await npm(["pack", "--json", "--pack-destination", project], repoRoot)).replace(/^[^[]*/s, ""),
  ) as { filename: string }[];
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "my-mail-stack",
        private: true,
        main: "index.ts",
        dependencies: {
          "pulumi-mailreseller": `file:./${packed[0].filename}`,
          "@pulumi/pulumi": versionOf("@pulumi/pulumi"),
        },
        devDependencies: {
          typescript: versionOf("typescript"),
          "@types/node": versionOf("@types/node"),
        },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: my-mail-stack\nruntime: nodejs\n");
  for (const [file, compilerOptions] of Object.entries(tsconfigs)) {
    fs.writeFileSync(
      path.join(project, file),
      JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2),
    );
  }
  fs.writeFileSync(path.join(project, "index.ts"), program("Outmail1000"));
  await npm(["install"], project);
  ({ proc: sandboxProc, url: sandboxUrl } = await startSandbox(project));
  stack = new EngineStack({
    name: "user-project",
    projectDir: project,
    config: {
      ...sandboxStackConfig(sandboxUrl),
      "engine-test:relayPassword": { value: "user-relay-password-1", secret: true },
      "engine-test:mailboxPassword": { value: "user-mailbox-password-1", secret: true },
    },
  });
});

afterAll(() => {
  stack?.dispose();
  if (sandboxProc?.pid !== undefined) process.kill(-sandboxProc.pid, "SIGTERM");
  if (project && !process.env.MAILRESELLER_KEEP_ENGINE_DIRS)
    fs.rmSync(project, { recursive: true, force: true });
});

test("runs on Node.js 24 with the package and @pulumi/pulumi installed from the tarball and the registry", async () => {
  const { stdout } = await run("node", ["-p", "process.version"], { cwd: project });
  expect(stdout.trim()).toMatch(/^v24\./);
  const installed = path.join(project, "node_modules", "pulumi-mailreseller");
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(installed, "policy", "PulumiPolicy.yaml"))).toBe(true);
  expect(fs.existsSync(path.join(project, "node_modules", "@pulumi", "policy"))).toBe(true);
});

test.each(Object.keys(tsconfigs))(
  "a program that puts Outputs in lists type-checks with the user's own tsc and %s",
  async (tsconfig) => {
    const result = await run("npx", ["tsc", "-p", tsconfig, "--pretty", "false"], { cwd: project }).catch(
      (e: { stdout: string; code: number }) => e,
    );
    expect("code" in result ? result.stdout : "").toBe("");
  },
);

let deployed: RunResult;

test("deploys against the installed package's sandbox", async () => {
  deployed = await stack.run("up");
  expect(deployed.result.error).toBeUndefined();
  expect(deployed.result.outputs?.tier.value).toBe("Outmail1000");
  const ledger = (await axios.get(`${sandboxUrl}/__sandbox/ledger`)).data as unknown;
  expect(JSON.stringify(ledger)).toContain("scratch-relay");
  const forwardOnly = stack.resourcesOfType("pulumi-nodejs:dynamic/resellerclub:ForwardOnlyAccount")[0];
  // A set, kept sorted.
  expect(forwardOnly.outputs?.forwards).toEqual([
    "archive+scratch-relay@customer-parent.example",
    "office@customer.example",
  ]);
});

test("the installed policy pack blocks a downgrade in preview, and nothing reaches the vendor", async () => {
  expect(deployed).toBeDefined();
  stack.writeProgram(program("Outmail500"));
  const pack = policyPackArgument(path.join(project, "node_modules", "pulumi-mailreseller", "policy"));
  const preview = await stack.run("preview", ["--json", "--policy-pack", pack]);
  expect(preview.result.cliExitCode).not.toBe(0);
  expect(preview.policyViolations).toEqual([
    expect.objectContaining({
      policyName: "outmail-no-downgrade",
      policyPackName: "mailreseller",
      enforcementLevel: "mandatory",
      message: expect.stringContaining("regrade Outmail1000 → Outmail500 is a downgrade"),
    }),
  ]);
  // An upgrade passes the same pack.
  stack.writeProgram(program("Outmail2500"));
  const upgrade = await stack.run("preview", ["--json", "--policy-pack", pack]);
  expect(upgrade.policyViolations).toEqual([]);
  expect(upgrade.result.cliExitCode).toBe(0);
});

test("destroys cleanly", async () => {
  stack.writeProgram(program("Outmail1000"));
  const destroyed = await stack.run("destroy");
  expect(destroyed.result.error).toBeUndefined();
  expect(stack.resources().filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
});
