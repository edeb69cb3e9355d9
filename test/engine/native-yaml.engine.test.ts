/**
 * The native `mailreseller` provider plugin as a YAML user runs it: the plugin tarball installed with
 * `pulumi plugin install resource mailreseller V --file` (as a release publishes it), a `runtime: yaml`
 * program with every resource type, the real CLI and its YAML language host, against the sandbox. Each
 * step prints the vendor calls it made.
 *
 * Covered: up; an unchanged preview with zero vendor calls; a preview's detailed diff naming the property
 * (and the one forcing a replacement); regrades in place; refresh; the policy pack blocking a native
 * downgrade; `pulumi import` adopting an outMail service with zero writes and generating YAML that
 * previews with no change; an explicit provider resource carrying its own credentials; destroy.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { sandboxStackConfig } from "../../sandbox/provider-config";
import { DEFAULT_PARTNER_API_KEY, Sandbox, startSandbox } from "../../sandbox/server";
import { policyPackArgument, repoRoot } from "../harness/engine-stack";
import {
  type OperationResult,
  type YamlProgram,
  YamlProject,
  type YamlProjectOptions,
} from "../harness/yaml-project";

jest.setTimeout(600_000);

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

/** Runs `step` and prints the vendor calls it made; returns its result and those calls. */
async function step<T>(
  label: string,
  run: () => Promise<T>,
): Promise<{ result: T; calls: string[]; writes: string[] }> {
  const before = sandbox.requests.length;
  const result = await run();
  const calls = sandbox.requests.slice(before).map((r) => `${r.method} ${r.vendor} ${r.path}`);
  // MailUp's token request is a POST that changes nothing.
  const writes = calls.filter((c) => !c.startsWith("GET ") && !c.endsWith("/OAuth/Token"));
  console.log(`${label}: ${calls.length} vendor calls (${writes.length} writes)\n  ${calls.join("\n  ")}`);
  return { result, calls, writes };
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
  const { result, writes } = await step("up", () => main.up());
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
  const { result, calls } = await step("unchanged preview", () => main.preview({ expectNoChanges: true }));
  expect(result.changeSummary).toEqual({ same: 8 });
  expect(calls).toEqual([]);
});

test("a preview's detailed diff names the property, and the one that forces a replacement", async () => {
  main.writeProgram(program({ ...START, tariff: "Outmail1000", username: "native-relay-two" }));
  const { result, writes } = await step("preview of a regrade and a new username", () => main.preview());
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
  const { result, writes } = await step("up: regrade in place", () => main.up());
  expect(result.changeSummary).toEqual({ update: 3, same: 5 });
  // The regrade is a PATCH of the same live service (Partner API KB 403), not a new one.
  expect(writes).toContain(`PATCH partner /partner/api-v1/live_services/${String(before.liveServiceId)}`);
  expect(writes.filter((w) => w.startsWith("POST partner"))).toEqual([]);
  expect((await main.outputs()).liveServiceId).toBe(before.liveServiceId);
});

test("refresh reads every resource and writes nothing", async () => {
  const { result, writes } = await step("refresh", () => main.refresh());
  expect(writes).toEqual([]);
  expect(result.changeSummary).toEqual({ same: 8 });
});

test("the policy pack blocks a downgrade of a native outMail service", async () => {
  main.writeProgram(program({ ...START, tariff: "Outmail250", credits: 3, lastName: "Renamed" }));
  const { result, writes } = await step("preview of a downgrade under the policy pack", () =>
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

test("pulumi import adopts the outMail service with no write, and its generated YAML previews with no change", async () => {
  const liveServiceId = String((await main.outputs()).liveServiceId);
  const adopter = newProject(
    "native-import",
    { resources: {} },
    {
      ...sandboxStackConfig(sandbox.url),
      relayPassword: { value: RELAY_PASSWORD, secret: true },
    },
  );
  await adopter.init();
  await adopter.cli(["plugin", "install", "resource", "mailreseller", VERSION, "--file", tarball]);
  const { result, writes } = await step("pulumi import", () =>
    adopter.import({ type: SERVICE, name: "relay", id: liveServiceId }, { generateCode: true }),
  );
  expect(writes).toEqual([]);
  const generated = result.generatedCode ?? "";
  console.log(`generated YAML:\n${generated}`);
  expect(generated).toContain(`type: ${SERVICE}`);
  expect(generated).toContain("serviceName: Outmail1000");
  // outMail never returns a password: the generator writes the type's zero value, which the user replaces.
  expect(generated).toMatch(/password: ""/);
  const yaml = generated.replace(/password: ""/, "password: ${relayPassword}");
  fs.writeFileSync(
    path.join(adopter.projectDir, "Pulumi.yaml"),
    fs.readFileSync(path.join(adopter.projectDir, "Pulumi.yaml"), "utf8").replace(/resources: \{\}\n?/, "") +
      "config:\n  relayPassword:\n    type: string\n    secret: true\n" +
      yaml,
  );
  const { result: preview, writes: previewWrites } = await step("preview of the generated program", () =>
    adopter.preview({ expectNoChanges: true }),
  );
  expect(previewWrites).toEqual([]);
  expect(preview.changeSummary).toEqual({ same: 2 });
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
  const { result } = await step("up with an explicit provider", () => explicit.up());
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
  const { result, writes } = await step("destroy", () => main.destroy());
  expect(result.changeSummary).toEqual({ delete: 8 });
  expect(writes.length).toBeGreaterThan(0);
  const { deployment } = await main.exportState();
  expect(deployment.deployment.resources ?? []).toEqual([]);
});
