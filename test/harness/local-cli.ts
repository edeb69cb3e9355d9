/**
 * What the harnesses that run the real Pulumi CLI share (./engine-stack.ts for Node.js programs,
 * ./yaml-project.ts for YAML ones): the CLI's folder, a child process with its output collected, and the
 * temp folder's last step, kept for the credential scan that ends `npm test`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "../..");

/** The folder of the CLI scripts/pulumi-cli.sh built or found (PULUMI_BIN_DIR, which `npm test` sets). */
export function cliBinDir(): string {
  const dir = process.env.PULUMI_BIN_DIR;
  if (!dir)
    throw new Error("PULUMI_BIN_DIR is not set: run `npm test`, which builds or finds the Pulumi CLI");
  return dir;
}

/** Runs a command to its end and returns its exit code and output; `input`, when given, is its stdin. */
export function spawnCollect(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string = repoRoot,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * Removes a harness's temp folder, unless MAILRESELLER_KEEP_ENGINE_DIRS is set (for debugging a failure).
 * When MAILRESELLER_TEST_ARTIFACTS names a folder (`npm test` sets it), the folder and `transcript` (what
 * the CLI printed) are kept there first, for the credential scan that ends `npm test`
 * (scripts/credential-scan.ts): it reads the secrets to look for from the folder's config.json.
 */
export function disposeTempDir(dir: string, transcript: string): void {
  if (process.env.MAILRESELLER_KEEP_ENGINE_DIRS) return;
  const artifacts = process.env.MAILRESELLER_TEST_ARTIFACTS;
  if (artifacts) {
    fs.writeFileSync(path.join(dir, "transcript.txt"), transcript);
    fs.cpSync(dir, path.join(artifacts, path.basename(dir)), {
      recursive: true,
      // Linked dependencies and the CLI's plugin cache are not the suite's output.
      filter: (src) => !/[\\/](node_modules|\.pulumi-home)$/.test(src),
      verbatimSymlinks: true,
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
