/**
 * The native `mailreseller` provider plugin as a YAML user runs it: the plugin tarball installed with
 * `pulumi plugin install resource mailreseller V --file` (as a release publishes it), a `runtime: yaml`
 * program with every resource type, the real CLI and its YAML language host, against the sandbox. Each
 * step prints the vendor calls it made.
 *
 * Covered: up; an unchanged preview with zero vendor calls; a preview's detailed diff naming the property
 * (and the one forcing a replacement); regrades in place; refresh; the policy pack blocking a native
 * downgrade; `pulumi import --file` of an estate made outside Pulumi (one object of every type, listed by
 * `import-plan --import-file`) with zero writes, each resource protected, and the generated YAML, its
 * passwords given as config secrets and its MailUp console fields filled in, previewing with no change;
 * an explicit provider resource carrying its own credentials; destroy.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

import axios from "axios";
import * as yaml from "js-yaml";

import type { ImportPlan, PulumiImportFile } from "../../provider/commands/import-plan";
import { NATIVE_TYPE_TOKENS } from "../../provider/core/protocol/type-tokens";
import { type AccountInputs, implementation as mailupAccounts } from "../../provider/mailup/account";
import { type AccountPackInputs, implementation as mailupPacks } from "../../provider/mailup/account-pack";
import { sandboxStackConfig } from "../../sandbox/provider-config";
import {
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_ID,
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
  Sandbox,
  startSandbox,
} from "../../sandbox/server";
import { cliVersion, policyPackArgument, repoRoot } from "../harness/engine-stack";
import { step } from "../harness/vendor-calls";
import { sandboxEnv, useSandboxConfig } from "../harness/sandbox-config";
import {
  type OperationResult,
  type YamlProgram,
  YamlProject,
  type YamlProjectOptions,
} from "../harness/yaml-project";

jest.setTimeout(600_000);

const run = promisify(execFile);

/** A resource of the YAML `pulumi import` generates (the fields the test reads and fills in). */
interface GeneratedResource {
  type: string;
  /** The logical name, when the resource's key in `resources` is not it. */
  name?: string;
  properties: Record<string, unknown>;
  options?: { protect?: boolean };
}

const SERVICE = "mailreseller:outmail:Service";
const RELAY_PASSWORD = "native-relay-passw0rd";
const MAILBOX_PASSWORD = "native-mailbox-Passw0rd!";
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
).version;

let sandbox: Sandbox;
let tarball: string;
const projects: YamlProject[] = [];

/** The program: one of every resource type. */
function program(v: { tariff: string; credits: number; lastName: string; username?: string }): YamlProgram {
  return {
    config: {
      relayPassword: { type: "string", secret: true },
      mailboxPassword: { type: "string", secret: true },
    },
    resources: {
      relay: {
        type: SERVICE,
        properties: {
          clientId: "9987606",
          serviceName: v.tariff,
          username: v.username ?? "native-relay",
          password: "${relayPassword}",
          billingServiceId: "1324578",
        },
      },
      backupMx: {
        type: "mailreseller:partner:LiveService",
        properties: {
          liveServiceId: "1234801",
          product: "backupMX",
          serviceName: "BackupMX1",
          clientId: "9987606",
        },
      },
      console: {
        type: "mailreseller:mailup:Account",
        properties: {
          profile: "Economy",
          language: "EN",
          ipAddress: "192.0.2.10",
          email: "marketing@native.example",
          customDomain: "native.example",
          customSubdomain: "news",
          serviceName: "Customer newsletters",
          serviceUrl: "www.native.example/newsletters",
          serviceLogoutUrl: "www.native.example",
        },
      },
      credits: {
        type: "mailreseller:mailup:AccountPack",
        properties: { accountId: "${console.accountId}", pack: "Crediti300", quantity: v.credits },
      },
      mailbox: {
        type: "mailreseller:resellerclub:MailUser",
        properties: {
          orderId: "1001",
          email: "office@customer.example",
          password: "${mailboxPassword}",
          notificationEmail: "it@native-parent.example",
          firstName: "Office",
          lastName: v.lastName,
          countryCode: "GB",
          languageCode: "en",
        },
      },
      salesForward: {
        type: "mailreseller:resellerclub:ForwardOnlyAccount",
        properties: {
          orderId: "1001",
          email: "sales@customer.example",
          forwards: ["office@customer.example"],
        },
      },
      shop: {
        type: "mailreseller:mailpartner:Subaccount",
        properties: {
          type: "advanced",
          email: "shop@native.example",
          isBuyer: false,
          creditToAttribute: 10,
          title: "Customer shop",
          firstName: "Office",
          lastName: "Mailbox",
        },
      },
    },
    outputs: {
      liveServiceId: "${relay.liveServiceId}",
      accountId: "${console.accountId}",
      shopToken: "${shop.token}",
    },
  };
}

const START = { tariff: "Outmail500", credits: 2, lastName: "Mailbox" };

function newProject(name: string, program: YamlProgram, config: YamlProjectOptions["config"] = {}) {
  const project = new YamlProject({ name, program, config });
  projects.push(project);
  return project;
}

function stepOf(result: OperationResult, name: string) {
  return result.preview?.steps?.find((s) => s.urn.endsWith(`::${name}`));
}

let main: YamlProject;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 2 });
  // The tarball a release publishes, from the plugin `npm run build` put in bin/plugin.
  const out = path.join(repoRoot, ".work", "native-plugin");
  tarball = execFileSync("bash", [path.join(repoRoot, "scripts", "plugin-tarball.sh"), out], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")[0];
  main = newProject("native-yaml", program(START), {
    ...sandboxStackConfig(sandbox.url),
    relayPassword: { value: RELAY_PASSWORD, secret: true },
    mailboxPassword: { value: MAILBOX_PASSWORD, secret: true },
  });
  await main.init();
  await main.cli(["plugin", "install", "resource", "mailreseller", VERSION, "--file", tarball]);
});

afterAll(async () => {
  for (const p of projects) p.dispose();
  await sandbox?.close();
});

test("the installed plugin serves its schema, which the CLI binds", async () => {
  const run = await main.cli(["package", "get-schema", `mailreseller@${VERSION}`]);
  const schema = JSON.parse(run.stdout) as { name: string; resources: Record<string, unknown> };
  expect(schema.name).toBe("mailreseller");
  expect(Object.keys(schema.resources)).toHaveLength(7);
});

test("up creates every resource type through the native provider", async () => {
  const { result, writes } = await step(sandbox, "up", () => main.up());
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result.changeSummary).toEqual({ create: 8 }); // 7 resources and the stack (providers are not counted)
  expect(writes.length).toBeGreaterThan(0);
  const outputs = await main.outputs();
  expect(outputs.liveServiceId).toMatch(/^\d+$/);
  expect(outputs.shopToken).toBe("[secret]");
  const { text, deployment } = await main.exportState();
  for (const secret of [RELAY_PASSWORD, MAILBOX_PASSWORD, DEFAULT_PARTNER_API_KEY])
    expect(text).not.toContain(secret);
  const types = deployment.deployment.resources?.map((r) => r.type) ?? [];
  expect(types.filter((t) => t.startsWith("mailreseller:"))).toHaveLength(7);
  expect(types).toContain("pulumi:providers:mailreseller");
});

test("an unchanged preview makes no vendor call", async () => {
  const { result, calls } = await step(sandbox, "unchanged preview", () =>
    main.preview({ expectNoChanges: true }),
  );
  expect(result.changeSummary).toEqual({ same: 8 });
  expect(calls).toEqual([]);
});

test("a preview's detailed diff names the property, and the one that forces a replacement", async () => {
  main.writeProgram(program({ ...START, tariff: "Outmail1000", username: "native-relay-two" }));
  const { result, writes } = await step(sandbox, "preview of a regrade and a new username", () =>
    main.preview(),
  );
  expect(writes).toEqual([]);
  const relay = stepOf(result, "relay");
  expect(relay?.op).toBe("replace");
  expect(relay?.detailedDiff).toEqual({
    serviceName: { kind: "update", inputDiff: true },
    username: { kind: "update-replace", inputDiff: true },
  });
  expect((relay as { replaceReasons?: string[] }).replaceReasons).toEqual(["username"]);
});

test("a regrade, a pack quantity and a mailbox's name change in place", async () => {
  main.writeProgram(program({ ...START, tariff: "Outmail1000", credits: 3, lastName: "Renamed" }));
  const before = await main.outputs();
  const preview = await main.preview();
  expect(stepOf(preview, "relay")?.detailedDiff).toEqual({
    serviceName: { kind: "update", inputDiff: true },
  });
  expect(stepOf(preview, "credits")?.detailedDiff).toEqual({ quantity: { kind: "update", inputDiff: true } });
  const { result, writes } = await step(sandbox, "up: regrade in place", () => main.up());
  expect(result.changeSummary).toEqual({ update: 3, same: 5 });
  // The regrade is a PATCH of the same live service (Partner API KB 403), not a new one.
  expect(writes).toContain(`PATCH partner /partner/api-v1/live_services/${String(before.liveServiceId)}`);
  expect(writes.filter((w) => w.startsWith("POST partner"))).toEqual([]);
  expect((await main.outputs()).liveServiceId).toBe(before.liveServiceId);
});

test("refresh reads every resource and writes nothing", async () => {
  const { result, writes } = await step(sandbox, "refresh", () => main.refresh());
  expect(writes).toEqual([]);
  expect(result.changeSummary).toEqual({ same: 8 });
});

test("the policy pack blocks a downgrade of a native outMail service", async () => {
  main.writeProgram(program({ ...START, tariff: "Outmail250", credits: 3, lastName: "Renamed" }));
  const { result, writes } = await step(sandbox, "preview of a downgrade under the policy pack", () =>
    main.preview({
      policyPacks: [policyPackArgument(path.join(repoRoot, "policy"))],
      streamEvents: true,
      allowFailure: true,
    }),
  );
  expect(writes).toEqual([]);
  expect(result.code).not.toBe(0);
  const downgrade = result.policyViolations.find((v) => v.policyName === "outmail-no-downgrade");
  expect(downgrade?.enforcementLevel).toBe("mandatory");
  expect(downgrade?.message).toContain("Outmail1000 → Outmail250");
  main.writeProgram(program({ ...START, tariff: "Outmail1000", credits: 3, lastName: "Renamed" }));
});

/** What the operator copies from the MailUp console: no read returns it (import-plan lists it as missing). */
const MAILUP_CONSOLE = {
  language: "EN",
  email: "marketing@brownfield.example",
  customDomain: "brownfield.example",
  customSubdomain: "legacy",
  serviceName: "Legacy newsletters",
  serviceUrl: "www.brownfield.example/news",
  serviceLogoutUrl: "www.brownfield.example",
};

/**
 * One object of every resource type, made at the vendors without Pulumi (the partner portal's live
 * services are the sandbox's own); returns the MailUp account's id, which no call lists.
 */
async function seedBrownfield(): Promise<string> {
  const partner = axios.create({
    baseURL: `${sandbox.url}/partner/api-v1`,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
  });
  await partner.post("/outmails", {
    service_name: "Outmail250",
    client_id: "9987606",
    username: "brownfield-relay",
    password: "brownfield-password-1",
  });
  // Order 0 (the docs' domainname.com), which the program above does not use.
  const resellerclub = (route: string, fields: Record<string, string>) =>
    axios.post(
      `${sandbox.url}/resellerclub/api/${route}`,
      new URLSearchParams({
        "auth-userid": DEFAULT_RESELLERCLUB_AUTH_USERID,
        "api-key": DEFAULT_RESELLERCLUB_API_KEY,
        "order-id": "0",
        ...fields,
      }),
    );
  await resellerclub("mail/user/add.json", {
    email: "office@domainname.com",
    passwd: "brownfield-mailbox-1",
    "notification-email": "it@brownfield.example",
    "first-name": "Office",
    "last-name": "Mailbox",
    "country-code": "GB",
    "language-code": "en",
  });
  await resellerclub("mail/user/add-forward-only-account.json", {
    email: "sales@domainname.com",
    forwards: "office@domainname.com",
  });
  sandbox.mailpartner.seedSubaccount({ type: "advanced", email: "shop@brownfield.example", title: "Shop" });
  // MailUp's activation is asynchronous: the provider's own client runs it and its polling.
  useSandboxConfig(sandbox.url);
  const checked = await mailupAccounts.check(
    {} as AccountInputs,
    {
      profile: "Economy",
      ipAddress: "192.0.2.10",
      ...MAILUP_CONSOLE,
    } as AccountInputs,
  );
  const account = await mailupAccounts.create(checked.inputs!);
  const accountId = String(account.outs?.accountId);
  await mailupPacks.create({ accountId, pack: "Crediti300", quantity: 3 } as AccountPackInputs);
  return accountId;
}

/** `outmail-brownfield-relay-password` → `outmailBrownfieldRelayPassword`: a name YAML's `${…}` takes. */
function configName(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

test("pulumi import --file takes an estate made outside Pulumi over, from import-plan's file: no write, each protected, and the generated YAML previews with no change", async () => {
  const accountId = await seedBrownfield();
  const adopter = newProject("native-import", { resources: {} }, sandboxStackConfig(sandbox.url));
  const [planFile, importFile] = ["plan.json", "import.json"].map((f) => path.join(adopter.dir, f));
  // The command as the package ships it (bin/, from `npm run build`), reading the vendors' environment.
  await step(sandbox, "import-plan", () =>
    run(
      process.execPath,
      [
        path.join(repoRoot, "bin", "commands", "cli.js"),
        ...["import-plan", "--vendor", "all", "--out", planFile, "--import-file", importFile],
        ...["--resellerclub-orders", "0", "--mailup-accounts", accountId],
      ],
      { env: { ...process.env, ...sandboxEnv(sandbox.url) } },
    ),
  );
  const plan = JSON.parse(fs.readFileSync(planFile, "utf8")) as ImportPlan;
  const file = JSON.parse(fs.readFileSync(importFile, "utf8")) as PulumiImportFile;
  expect(new Set(file.resources.map((r) => r.type))).toEqual(new Set(Object.values(NATIVE_TYPE_TOKENS)));

  await adopter.init();
  await adopter.cli(["plugin", "install", "resource", "mailreseller", VERSION, "--file", tarball]);
  const { result, writes } = await step(sandbox, "pulumi import --file", () =>
    adopter.import({ file: importFile }, { generateCode: true }),
  );
  expect(writes).toEqual([]);
  // Pulumi checks what each Read returned: only what no vendor returns fails, as a warning.
  const unread = result.diagnostics
    .map((d) => /resource '([^']+)': property (\w+) value/.exec(d.message))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}.${m[2]}`);
  const expected = plan.resources.flatMap((r) =>
    [...Object.keys(r.secrets ?? {}), ...(r.missing ?? [])].map((p) => `${r.name}.${p}`),
  );
  // The import file's `inputs` (what no Read returns, such as a MailUp account's ipAddress) are a field of
  // the file since a CLI after 3.246 (3.276's importSpec has it, 3.246's has not): an older CLI ignores
  // them, so it warns about those too.
  const [major, minor] = cliVersion();
  const supplied = file.resources.flatMap((r) => Object.keys(r.inputs ?? {}).map((p) => `${r.name}.${p}`));
  if (major > 3 || minor >= 276) {
    expect(new Set(unread)).toEqual(new Set(expected));
  } else {
    expect(unread).toEqual(expect.arrayContaining(expected));
    expect(unread.filter((u) => !expected.includes(u) && !supplied.includes(u))).toEqual([]);
  }
  const { deployment } = await adopter.exportState();
  const imported = (deployment.deployment.resources ?? []).filter((r) => r.type.startsWith("mailreseller:"));
  expect(imported.map((r) => `${r.type} ${r.id}`).sort()).toEqual(
    file.resources.map((r) => `${r.type} ${r.id}`).sort(),
  );
  expect(imported.filter((r) => r.protect !== true)).toEqual([]);

  // The generated program: the passwords no vendor returns, and the MailUp fields no read carries, are
  // written as empty strings. The passwords become config secrets (the keys the plan names), the
  // MailUp fields what the console shows.
  const generated = yaml.load(result.generatedCode ?? "") as { resources: Record<string, GeneratedResource> };
  console.log(`generated YAML:\n${result.generatedCode}`);
  const config: Record<string, { type: string; secret: boolean }> = {};
  for (const [key, resource] of Object.entries(generated.resources)) {
    const planned = plan.resources.find((r) => r.name === (resource.name ?? key))!;
    expect(resource.options?.protect).toBe(true);
    for (const [input, secretKey] of Object.entries(planned.secrets ?? {})) {
      expect(resource.properties[input]).toBe("");
      config[configName(secretKey)] = { type: "string", secret: true };
      await adopter.setConfig(configName(secretKey), `declared-${secretKey}`, { secret: true });
      resource.properties[input] = `\${${configName(secretKey)}}`;
    }
    for (const missing of planned.missing ?? []) {
      expect(resource.properties[missing]).toBe("");
      resource.properties[missing] = MAILUP_CONSOLE[missing as keyof typeof MAILUP_CONSOLE];
    }
    // A CLI that ignores the import file's `inputs` (see above) generated their zero values: the user
    // fills in what the plan says.
    if (!(major > 3 || minor >= 276)) {
      for (const [input, value] of Object.entries(planned.args)) {
        const generatedValue = resource.properties[input];
        if (
          value !== undefined &&
          (generatedValue === undefined || generatedValue === "" || generatedValue === false)
        )
          resource.properties[input] = value;
      }
    }
  }
  expect(Object.keys(config)).toHaveLength(plan.resources.filter((r) => r.secrets !== undefined).length);
  adopter.writeProgram({ config, resources: generated.resources });
  const { result: preview, writes: previewWrites } = await step(
    sandbox,
    "preview of the generated program",
    () => adopter.preview({ expectNoChanges: true }),
  );
  expect(previewWrites).toEqual([]);
  expect(preview.changeSummary).toEqual({ same: file.resources.length + 1 }); // and the stack
});

test("an explicit provider resource carries its own credentials, to its resources and its invokes", async () => {
  const relay = (provider: string) => ({
    type: SERVICE,
    properties: {
      clientId: "9987606",
      serviceName: "Outmail250",
      username: "explicit-relay",
      password: "${relayPassword}",
    },
    options: { provider: `\${${provider}}` },
  });
  const tariffs = (provider?: string) => ({
    "fn::invoke": {
      function: "mailreseller:outmail:getServiceNames",
      arguments: { product: "outMail" },
      ...(provider ? { options: { provider: `\${${provider}}` } } : {}),
    },
  });
  // No mailreseller:* stack config at all: only the provider resource knows the Partner API.
  const settings = sandboxStackConfig(sandbox.url);
  const explicitProgram = (defaultInvoke: boolean): YamlProgram => ({
    config: {
      relayPassword: { type: "string", secret: true },
      partnerKey: { type: "string", secret: true },
    },
    variables: {
      tariffs: tariffs("partnerB"),
      ...(defaultInvoke ? { defaultTariffs: tariffs() } : {}),
    },
    resources: {
      partnerB: {
        type: "pulumi:providers:mailreseller",
        properties: {
          partnerApiUrl: settings["mailreseller:partnerApiUrl"].value,
          partnerId: settings["mailreseller:partnerId"].value,
          partnerApiKey: "${partnerKey}",
        },
      },
      relayB: relay("partnerB"),
    },
    outputs: {
      credits: "${tariffs.partnerCredits}",
      ...(defaultInvoke ? { defaultCredits: "${defaultTariffs.partnerCredits}" } : {}),
    },
  });
  const explicit = newProject("native-explicit", explicitProgram(false), {
    relayPassword: { value: RELAY_PASSWORD, secret: true },
    partnerKey: { value: DEFAULT_PARTNER_API_KEY, secret: true },
  });
  await explicit.init();
  await explicit.cli(["plugin", "install", "resource", "mailreseller", VERSION, "--file", tarball]);
  const { result } = await step(sandbox, "up with an explicit provider", () => explicit.up());
  expect(result.changeSummary).toEqual({ create: 3 }); // the provider resource, the service, the stack
  expect(typeof (await explicit.outputs()).credits).toBe("number");
  const { text } = await explicit.exportState();
  expect(text).not.toContain(DEFAULT_PARTNER_API_KEY);
  // The same invoke on the default provider has no credentials: the error names the missing key.
  explicit.writeProgram(explicitProgram(true));
  const failed = await explicit.preview({ allowFailure: true });
  expect(failed.code).not.toBe(0);
  expect(failed.output).toContain("mailreseller:partnerApiUrl");
  await explicit.destroy();
});

test("destroy deletes every resource", async () => {
  const { result, writes } = await step(sandbox, "destroy", () => main.destroy());
  expect(result.changeSummary).toEqual({ delete: 8 });
  expect(writes.length).toBeGreaterThan(0);
  const { deployment } = await main.exportState();
  expect(deployment.deployment.resources ?? []).toEqual([]);
});
