/**
 * One owner per vendor object, through the real CLI against the sandbox (issue 21, item 1):
 * - a program declaring two outmail.Service with one username fails preview and up before any vendor
 *   call (GETs included), naming both resources and the username: the resource classes' check;
 * - a program written without the package's classes (the shim as a plain dynamic resource, as a
 *   hand-rolled program would) fails the policy pack's `no-shared-vendor-key` under `--policy-pack`, and
 *   without the pack gets one service, not two owners of one: the provider refuses the second, naming
 *   the key;
 * - a stack that already holds two owners of one live service (the state an earlier release's take-over
 *   left) gets back to one when the copy leaves the program: the copy's delete makes no vendor call and
 *   the service stays with the resource that still declares it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, policyPackArgument, repoRoot } from "../harness/engine-stack";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/outmail:Service";

let sandbox: Sandbox;
let stack: EngineStack;

const service = (name: string, username: string) => `
new outmail.Service(${JSON.stringify(name)}, {
  clientId: "9987606",
  serviceName: "Outmail500",
  username: ${JSON.stringify(username)},
  password: pulumi.secret("twin-password-0a1b2c"),
});`;

const classes = (...services: string[]) => `
import * as pulumi from "@pulumi/pulumi";
import { outmail } from "pulumi-mailreseller";
${services.join("\n")}
`;

const liveServices = (username: string) =>
  sandbox.partner.snapshot().outmails.filter((s) => s.username === username);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  stack = new EngineStack({ name: "one-owner", sandboxUrl: sandbox.url });
});

afterAll(async () => {
  stack?.dispose();
  await sandbox?.close();
});

test("two resources declaring one username fail preview and up before any vendor call, naming both", async () => {
  stack.writeProgram(classes(service("twin-a", "twin-relay"), service("twin-b", "twin-relay")));
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  const up = await stack.run("up");
  for (const run of [preview, up]) {
    expect(run.result.error).toContain('outmail.Service "twin-a" and outmail.Service "twin-b" both declare');
    expect(run.result.error).toContain('the outMail username "twin-relay"');
  }
  console.log(`vendor calls for the duplicated program (preview and up): ${sandbox.requests.length}`);
  expect(sandbox.requests).toEqual([]);
  expect(stack.resourcesOfType(TYPE)).toEqual([]);
});

test("without the package's classes, the provider refuses a second owner of one username", async () => {
  // The shim as a plain dynamic resource: no class, so no program-side check and no declared name.
  const raw = (name: string) => `
new pulumi.dynamic.Resource(shim, ${JSON.stringify(name)}, {
  clientId: "9987606",
  serviceName: "Outmail500",
  username: "raw-relay",
  password: pulumi.secret("raw-password-3d4e5f"),
  suspended: false,
});`;
  stack.writeProgram(`
import * as pulumi from "@pulumi/pulumi";
const shim = require("pulumi-mailreseller/bin/shims/outmail-service.js");
${raw("raw-a")}
${raw("raw-b")}
`);
  // The policy pack's stack policy sees the duplicate too, by the shim each resource's provider loads.
  const preview = await stack.run("preview", [
    "--json",
    "--policy-pack",
    policyPackArgument(path.join(repoRoot, "policy")),
  ]);
  const shared = preview.policyViolations.filter((v) => v.policyName === "no-shared-vendor-key");
  console.log(`policy on the raw program: ${shared.map((v) => v.message.trim()).join(" | ")}`);
  expect(shared).toEqual([
    expect.objectContaining({
      enforcementLevel: "mandatory",
      message: expect.stringContaining('both declare the outMail username "raw-relay"'),
    }),
  ]);
  const up = await stack.run("up");
  expect(up.result.error).toMatch(/holds the outMail username "raw-relay" in this stack/);
  expect(liveServices("raw-relay")).toHaveLength(1);
  const held = stack.resources().filter((r) => r.type === "pulumi-nodejs:dynamic:Resource");
  console.log(
    `raw program: ${held.length} resource(s) in state, ${liveServices("raw-relay").length} service(s) at the vendor`,
  );
  expect(held).toHaveLength(1);
  await stack.run("destroy");
  expect(liveServices("raw-relay")).toHaveLength(0);
});

test("a stack with two owners of one service gets back to one without deleting it", async () => {
  stack.writeProgram(classes(service("keeper", "shared-relay")));
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  const [keeper] = stack.resourcesOfType(TYPE);
  // What an earlier release's take-over left behind: a second resource holding the same live service.
  const exported = path.join(stack.dir, "two-owners.json");
  const pulumi = path.join(process.env.PULUMI_BIN_DIR!, "pulumi");
  const stackArgs = ["--stack", stack.stack, "--non-interactive"];
  expect((await stack.command(pulumi, ["stack", "export", "--file", exported, ...stackArgs])).code).toBe(0);
  const deployment = JSON.parse(fs.readFileSync(exported, "utf8")) as {
    deployment: { resources: { urn: string; type: string; outputs?: Record<string, unknown> }[] };
  };
  const copy = structuredClone(deployment.deployment.resources.find((r) => r.urn === keeper.urn)!);
  copy.urn = keeper.urn.replace(/::keeper$/, "::copy");
  delete (copy.outputs?.policyFacts as Record<string, unknown> | undefined)?.declaredAs;
  deployment.deployment.resources.push(copy);
  fs.writeFileSync(exported, JSON.stringify(deployment));
  expect((await stack.command(pulumi, ["stack", "import", "--file", exported, ...stackArgs])).code).toBe(0);
  expect(stack.resourcesOfType(TYPE).map((r) => r.id)).toEqual([keeper.id, keeper.id]);

  sandbox.requestLog.clear();
  const repair = await stack.run("up");
  expect(repair.result.error).toBeUndefined();
  const deletes = sandbox.requests.filter((r) => r.method === "DELETE");
  console.log(
    `two owners → one: ${deletes.length} DELETE call(s); warnings: ${repair.diagnostics
      .filter((d) => d.severity === "warning")
      .map((d) => d.message.trim())
      .join(" | ")}`,
  );
  expect(deletes).toEqual([]);
  expect(stack.resourcesOfType(TYPE).map((r) => r.urn)).toEqual([keeper.urn]);
  expect(liveServices("shared-relay")).toHaveLength(1);
  expect(stack.transcript).toContain("not deleted at the vendor");

  await stack.run("destroy");
  expect(liveServices("shared-relay")).toHaveLength(0);
});
