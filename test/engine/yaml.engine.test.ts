/**
 * A `runtime: yaml` program through the real CLI and its YAML language host (pulumi-language-yaml, built
 * beside the CLI by scripts/pulumi-cli.sh): the mechanism YAML users drive our native provider plugin
 * with. Here with no provider at all: config, a secret config value and outputs computed by YAML builtins
 * go through up, an unchanged preview and destroy, and the secret stays encrypted in the state.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { CliError, YamlProject } from "../harness/yaml-project";

jest.setTimeout(180_000);

const SECRET = "yaml-smoke-passphrase-4f8a1c";

let project: YamlProject;

beforeAll(async () => {
  project = new YamlProject({
    name: "yaml-smoke",
    program: {
      config: { greeting: { type: "string" }, password: { type: "string" } },
      variables: {
        audience: { "fn::join": ["-", ["yaml", "users"]] },
      },
      outputs: {
        greetingLine: { "fn::join": [", ", ["${greeting}", "${audience}"]] },
        // Computed from a secret, so a secret output: encrypted in the state, "[secret]" when shown.
        credentialLine: { "fn::join": [":", ["relay", "${password}"]] },
      },
    },
    config: {
      greeting: { value: "hello" },
      password: { value: SECRET, secret: true },
    },
  });
  await project.init();
});

afterAll(() => project?.dispose());

test("up runs the program: the outputs are the builtins' results, the secret one shown as [secret]", async () => {
  const up = await project.up();
  expect(up.changeSummary).toEqual({ create: 1 });
  expect(up.preview?.changeSummary).toEqual({ create: 1 });
  expect(up.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(await project.outputs()).toEqual({ greetingLine: "hello, yaml-users", credentialLine: "[secret]" });
});

test("a preview right after up has no changes", async () => {
  const preview = await project.preview({ expectNoChanges: true });
  expect(preview.changeSummary).toEqual({ same: 1 });
  expect(preview.preview?.steps?.map((s) => s.op)).toEqual(["same"]);
  expect(preview.steps).toEqual([]);
});

test("the secret is never in plain text: not in the state export, the backend's files or the CLI's output", async () => {
  const { text, deployment } = await project.exportState();
  expect(deployment.deployment.secrets_providers?.type).toBe("passphrase");
  const stackResource = deployment.deployment.resources?.find((r) => r.type === "pulumi:pulumi:Stack");
  expect(stackResource?.outputs?.greetingLine).toBe("hello, yaml-users");
  // The engine's secret envelope, with the value encrypted.
  expect(stackResource?.outputs?.credentialLine).toEqual({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: expect.any(String),
  });
  expect(text).not.toContain(SECRET);
  for (const file of filesUnder(project.stateDir)) {
    expect({ file, leaked: fs.readFileSync(file, "utf8").includes(SECRET) }).toEqual({ file, leaked: false });
  }
  expect(
    fs.readFileSync(path.join(project.projectDir, `Pulumi.${project.stack}.yaml`), "utf8"),
  ).not.toContain(SECRET);
  expect(project.transcript).not.toContain(SECRET);
});

test("destroy deletes the stack's resources", async () => {
  const destroy = await project.destroy();
  expect(destroy.changeSummary).toEqual({ delete: 1 });
  expect((await project.exportState()).deployment.deployment.resources ?? []).toEqual([]);
});

test("a program error fails the call with the YAML host's diagnostic in the error", async () => {
  project.writeProgram({ outputs: { broken: "${undefinedVariable}" } });
  const failure = await project.preview().catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(CliError);
  expect((failure as CliError).message).toContain("undefinedVariable");
  expect((failure as CliError).run.code).not.toBe(0);
});

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}
