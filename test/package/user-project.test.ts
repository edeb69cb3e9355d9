/**
 * The package as a new user meets it, outside this repository: a scratch project in a temp folder, on
 * Node.js 24, installs the packed tarball (`npm pack`, as the registry would serve it) beside the newest
 * @pulumi/pulumi, type-checks a program that puts Outputs inside lists with the two tsconfigs Pulumi
 * projects carry (today's template's and the older `commonjs` one), deploys it with the real CLI
 * against `npx pulumi-mailreseller sandbox` started from that project, and has a downgrade blocked by
 * the policy pack the package ships (`--policy-pack node_modules/pulumi-mailreseller/policy`).
 *
 * Then the README's "A first stack", as written, in a folder of that project (so the same install and
 * sandbox serve it): the README's `index.ts` block, and its commands read from the README at run time,
 * so the walkthrough and the test cannot drift apart. `pulumi config set`, `pulumi state unprotect` and
 * any other command run literally (bash, in the stack's project folder: the real CLI on PATH, the stack's
 * file backend and passphrase), with the deletion guard at its default, as a newcomer's stack has it.
 * What cannot run literally here, and what stands in for it:
 * - the project files and `pulumi new typescript` / `pulumi stack init`: the scratch project's install
 *   (the same packages) and the harness's stack (EngineStack.init);
 * - `npx pulumi-mailreseller sandbox --port 8787`: the sandbox the scratch project started on a free
 *   port; the README's `http://127.0.0.1:8787` is rewritten to its address in the commands;
 * - `pulumi up`, `pulumi preview` and `pulumi destroy`: the same CLI commands run by the harness
 *   (EngineStack.run) with the program served inline and the prompt answered yes;
 * - the regrade ("Change `serviceName` to …"): the README's program with that one value changed.
 *
 * The one stand-in throughout: the CLI runs the program as an Automation API inline program
 * (test/harness/run-stack.ts), because the Node.js language host cannot be built here (scripts/pulumi-cli.sh);
 * the program, its dependencies, the provider host and the policy pack all come from the scratch project's
 * node_modules. The README's project files (tsconfig.json) and the type-check `pulumi up` would do are not
 * run here.
 */
import { execFile, spawn, ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import axios from "axios";

import { EngineStack, RunResult, policyPackArgument, repoRoot } from "../harness/engine-stack";

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
let readmeStack: EngineStack | undefined;

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
const templateOptions = {
  strict: true,
  outDir: "bin",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  noEmit: true,
};
const tsconfigs: Record<string, Record<string, unknown>> = {
  "tsconfig.json": { ...templateOptions, target: "es2016", module: "commonjs", moduleResolution: "node" },
  "tsconfig.nodenext.json": {
    ...templateOptions,
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
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
    sandboxUrl,
    config: {
      "engine-test:relayPassword": { value: "user-relay-password-1", secret: true },
      "engine-test:mailboxPassword": { value: "user-mailbox-password-1", secret: true },
    },
  });
});

afterAll(() => {
  stack?.dispose();
  readmeStack?.dispose();
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

/** The README's "A first stack": its program, its sandbox command, and its commands in order. */
function readmeFirstStack() {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = /^## A first stack\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    at: m.index,
    // One command per line; blank lines dropped.
    lines: m[2].split("\n").filter((l) => l.trim() !== ""),
    text: m[2],
  }));
  const only = <T>(found: T[], what: string): T => {
    if (found.length !== 1) throw new Error(`README, "A first stack": ${found.length} ${what}, expected one`);
    return found[0];
  };
  const program = only(
    blocks.filter((b) => b.lang === "ts"),
    "TypeScript blocks",
  );
  const sandboxLine = only(
    blocks.flatMap((b) => b.lines).filter((l) => l.startsWith("npx pulumi-mailreseller sandbox")),
    "sandbox commands",
  );
  const deploy = only(
    blocks.filter((b) => b.lang === "sh" && b.at > program.at && b.text.includes("pulumi config set")),
    "blocks of `pulumi config set`",
  );
  // Prose wraps anywhere, inside code spans too: words are matched across any white space.
  const regrade =
    /Change\s+`serviceName`\s+to\s+`"([^"]+)"`:\s+`([^`]+)`\s+shows\s+an\s+update\s+in\s+place,\s+and\s+`([^`]+)`\s+regrades/.exec(
      section,
    );
  if (!regrade) throw new Error('README, "A first stack": no "Change `serviceName` to …" sentence');
  const refusal = /`([^`]+)`\s+on\s+its\s+own\s+refuses\s+\(`([^`]+)`\)/.exec(section);
  if (!refusal) throw new Error('README, "A first stack": no "`pulumi destroy` on its own refuses" sentence');
  const oneLine = (text: string) => text.replace(/\s+/g, " ");
  const finish = only(
    blocks.filter((b) => b.lang === "sh" && b.at > (refusal.index ?? 0)).slice(0, 1),
    "blocks after the refusal",
  );
  return {
    program: program.text,
    sandboxUrl: `http://127.0.0.1:${/--port (\d+)/.exec(sandboxLine)?.[1]}`,
    deploy: deploy.lines,
    regrade: { serviceName: regrade[1], commands: [oneLine(regrade[2]), oneLine(regrade[3])] },
    refusal: {
      command: oneLine(refusal[1]),
      // The quoted error, `urn:…` standing for any URN, any white space for the README's.
      error: new RegExp(
        refusal[2]
          .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          .replace("urn:…", 'urn:[^"]+')
          .replace(/\s+/g, "\\s+"),
      ),
    },
    finish: finish.lines,
  };
}

describe('the README\'s "A first stack", run to its end as written', () => {
  const readme = readmeFirstStack();
  const serviceType = "pulumi-nodejs:dynamic/outmail:Service";
  const username = /username: "([^"]+)"/.exec(readme.program)?.[1];
  const partnerLedger = async () =>
    (
      (await axios.get(`${sandboxUrl}/__sandbox/ledger`)).data as {
        partner: { liveServices: { id: string; username?: string; serviceName: string }[] };
      }
    ).partner.liveServices.filter((s) => s.username === username);

  /**
   * One README command line: `pulumi up`, `pulumi preview` and `pulumi destroy` through the harness;
   * anything else literally, in bash, in the stack's project folder (the README's sandbox address mapped).
   */
  async function command(line: string): Promise<{ ok: boolean; output: string; engine?: RunResult }> {
    const stack = readmeStack as EngineStack;
    const op = /^pulumi (up|preview|destroy)(\s+#.*)?$/.exec(line.trim())?.[1];
    if (op) {
      const engine = await stack.run(op as "up" | "preview" | "destroy");
      return { ok: engine.result.error === undefined, output: engine.result.error ?? "", engine };
    }
    const literal = line.split(readme.sandboxUrl).join(sandboxUrl);
    const { code, stdout, stderr } = await stack.command("bash", ["-c", literal]);
    return { ok: code === 0, output: `${stdout}${stderr}` };
  }

  /** Runs the lines in order, each of which must succeed; returns the last engine run. */
  async function commands(lines: string[]): Promise<RunResult | undefined> {
    let last: RunResult | undefined;
    for (const line of lines) {
      const { ok, output, engine } = await command(line);
      if (!ok) throw new Error(`README command failed: ${line}\n${output}`);
      last = engine ?? last;
    }
    return last;
  }

  let liveServiceId: string;

  test("the program, the config commands and `pulumi up` deploy one protected service", async () => {
    expect(username).toBeDefined();
    const folder = path.join(project, "mail-fleet");
    fs.mkdirSync(folder);
    readmeStack = new EngineStack({ name: "readme-first-stack", projectDir: folder });
    readmeStack.writeProgram(readme.program);
    await readmeStack.init();
    expect(readme.deploy.at(-1)).toBe("pulumi up");
    const up = (await commands(readme.deploy)) as RunResult;
    await readmeStack.recordConfigForScan();
    liveServiceId = String(up.result.outputs?.liveServiceId.value);
    expect(liveServiceId).toMatch(/^\d+$/);
    const [service] = readmeStack.resourcesOfType(serviceType);
    expect(service).toMatchObject({ id: liveServiceId, protect: true });
    expect(await partnerLedger()).toEqual([
      expect.objectContaining({ id: liveServiceId, serviceName: service.inputs?.serviceName }),
    ]);
  });

  test("the regrade previews as an update in place and `pulumi up` applies it to the same service", async () => {
    expect(liveServiceId).toBeDefined();
    const stack = readmeStack as EngineStack;
    const tiers = readme.program.match(/serviceName: "[^"]+"/g) ?? [];
    expect(tiers).toHaveLength(1);
    stack.writeProgram(
      readme.program.replace(tiers[0] ?? "", `serviceName: "${readme.regrade.serviceName}"`),
    );
    expect(readme.regrade.commands).toEqual(["pulumi preview", "pulumi up"]);
    const preview = await command(readme.regrade.commands[0]);
    expect(preview.ok).toBe(true);
    expect(preview.engine?.steps.filter((s) => s.type === serviceType).map((s) => s.op)).toEqual(["update"]);
    expect((await command(readme.regrade.commands[1])).ok).toBe(true);
    expect(await partnerLedger()).toEqual([
      expect.objectContaining({ id: liveServiceId, serviceName: readme.regrade.serviceName }),
    ]);
  });

  test("`pulumi destroy` on its own is refused by the deletion guard, and the service stays", async () => {
    expect(liveServiceId).toBeDefined();
    const refused = await command(readme.refusal.command);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(readme.refusal.error);
    expect((readmeStack as EngineStack).resourcesOfType(serviceType)).toEqual([
      expect.objectContaining({ id: liveServiceId, protect: true }),
    ]);
    expect(await partnerLedger()).toHaveLength(1);
  });

  test("the README's deliberate step, then `pulumi destroy`, deletes the service", async () => {
    expect(liveServiceId).toBeDefined();
    expect(readme.finish.at(-1)).toMatch(/^pulumi destroy\b/);
    const destroyed = await commands(readme.finish);
    expect(destroyed?.result.error).toBeUndefined();
    expect(
      (readmeStack as EngineStack).resources().filter((r) => r.type.startsWith("pulumi-nodejs:")),
    ).toEqual([]);
    expect(await partnerLedger()).toEqual([]);
  });
});
