/**
 * How the operator commands reach Pulumi: through the Automation API (`@pulumi/pulumi/automation`, from the
 * peer dependency) on the project in the current folder, with the `pulumi` CLI found on PATH (a normal
 * install) and the backend, passphrase and PULUMI_HOME of the environment: what `pulumi` itself would use
 * there. Events arrive typed; a failure says which Pulumi command failed and what it printed.
 *
 * The commands load this module only when they run Pulumi (`drift-report --from` and `import-plan` never
 * do), since the Automation API takes about half a second to load.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { CommandError } from "../core/transport/errors";

/** The project in the current folder and the stack a command works on. */
export interface ProjectStack {
  workspace: LocalWorkspace;
  /** `--stack`, or else the project's current stack. */
  stackName: string;
  /** The project's current stack when the command started, if one was selected. */
  current?: string;
}

/** A resource as the stack's state holds it (the fields the commands read). */
export interface StackResource {
  urn: string;
  type: string;
  protect?: boolean;
}

/**
 * The Automation API's error carries the command's whole result (`code: … stdout: … stderr: … err?: …`);
 * the operator needs what the CLI said: its stderr, which starts with the command that failed.
 */
export function failure(err: unknown): Error {
  const text = err instanceof Error ? err.message : String(err);
  const stderr = /\n stderr: ([\s\S]*?)\n err\?: /.exec(text)?.[1];
  return new Error((stderr ?? text).trim());
}

/** Runs an Automation API call; its failure is what the CLI said ({@link failure}). */
export async function pulumi<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw failure(err);
  }
}

/**
 * The project in the current folder and the stack named by `--stack` (`stackName`), or the current one.
 * Fails when neither is there, as `pulumi` does.
 */
export async function projectStack(stackName?: string): Promise<ProjectStack> {
  const workspace = await pulumi(() => LocalWorkspace.create({ workDir: process.cwd() }));
  const current = (await pulumi(() => workspace.stack()))?.name;
  const name = stackName ?? current;
  if (name === undefined) {
    throw new CommandError(
      "no stack is selected in this project: pass --stack NAME, or run `pulumi stack select` first",
    );
  }
  return { workspace, stackName: name, current };
}

/**
 * Runs `operation` on the stack. The Automation API selects a stack before it operates on it (`pulumi stack
 * select`, which changes the project's current stack); the stack that was current is selected again
 * afterwards, so `--stack` leaves the selection alone, as the CLI's own `--stack` does.
 */
export async function onStack<T>(project: ProjectStack, operation: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await pulumi(() => Stack.select(project.stackName, project.workspace));
  try {
    return await pulumi(() => operation(stack));
  } finally {
    const { current } = project;
    if (current !== undefined && current !== project.stackName) {
      await pulumi(() => project.workspace.selectStack(current));
    }
  }
}

/** The stack's resources, from its export (`pulumi stack export`). */
export async function stackResources(project: ProjectStack): Promise<StackResource[]> {
  const exported = await pulumi(() => project.workspace.exportStack(project.stackName));
  const deployment = exported.deployment as { resources?: StackResource[] } | undefined;
  return deployment?.resources ?? [];
}

/**
 * Clears `protect` on these resources with `pulumi state unprotect`, run by the CLI the workspace found, in
 * its folder and environment. The Automation API has no operation for it, and its other way to edit state
 * (`exportStack`, then `importStack`) would drop the stack's pending operations (`pulumi stack import`
 * removes them, and with them the record of a create a crash interrupted), rewrite every resource, and
 * write the stack's secrets in plain text to a temporary file, which it keeps when the import fails.
 */
export async function unprotectResources(project: ProjectStack, urns: readonly string[]): Promise<void> {
  await pulumiCli(project.workspace, ["state", "unprotect", "--yes", "--stack", project.stackName, ...urns]);
}

/**
 * Runs a `pulumi` command the Automation API has no operation for (state edits), with the CLI the workspace
 * found, in its folder and environment; a failure is what the CLI said. Returns its stdout.
 */
export async function pulumiCli(workspace: LocalWorkspace, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(workspace.pulumiCommand.command, [...args], {
      cwd: workspace.workDir,
      env: { ...process.env, ...workspace.envVars },
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new CommandError(
      `pulumi ${args.slice(0, 2).join(" ")} failed: ${stderr || (err as Error).message}`,
    );
  }
}
