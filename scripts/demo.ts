/**
 * The main job, end to end: the sandbox on a free port, examples/quickstart deployed with the real
 * Pulumi CLI, regraded by a program change, previewed unchanged (zero vendor calls), destroyed.
 * Pulumi's own output streams through, with a short heading per step. Run by `npm run demo`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, startSandbox } from "../sandbox/server";

const repoRoot = path.resolve(__dirname, "..");
const workDir = path.join(repoRoot, ".work", "demo");
const project = "mailreseller-quickstart";

function heading(text: string): void {
  console.log(`\n=== ${text} ${"=".repeat(Math.max(0, 96 - text.length))}\n`);
}

function runStack(op: string, configFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"),
        path.join(repoRoot, "scripts", "run-stack.ts"),
        "--program",
        path.join(repoRoot, "examples", "quickstart"),
        "--work-dir",
        path.join(workDir, "project"),
        "--state-dir",
        path.join(workDir, "state"),
        "--project",
        project,
        "--stack",
        "demo",
        "--config-file",
        configFile,
        op,
      ],
      { stdio: "inherit", cwd: repoRoot },
    );
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`pulumi ${op} failed (exit ${code})`)),
    );
  });
}

async function main(): Promise<void> {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });

  heading("Starting the sandbox (all four vendor APIs on loopback)");
  const sandbox = await startSandbox({ port: 0, quiet: true });
  console.log(`sandbox listening on ${sandbox.url}`);

  const configFile = path.join(workDir, "config.json");
  const writeConfig = (tariff: string) =>
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        "mailreseller:partnerApiUrl": { value: `${sandbox.url}/partner/api-v1` },
        "mailreseller:partnerId": { value: DEFAULT_PARTNER_ID },
        "mailreseller:partnerApiKey": { value: DEFAULT_PARTNER_API_KEY, secret: true },
        [`${project}:outmailPassword`]: { value: "quickstart-relay-password", secret: true },
        [`${project}:outmailTariff`]: { value: tariff },
      }),
    );

  try {
    heading("1/4 pulumi up: deploy examples/quickstart (an outMail service on Outmail500)");
    writeConfig("Outmail500");
    await runStack("up", configFile);
    console.log(`partner credits left: ${sandbox.partner.partnerCredits}`);

    heading("2/4 pulumi up: outmailTariff Outmail500 -> Outmail1000 regrades the live service in place");
    writeConfig("Outmail1000");
    await runStack("up", configFile);
    console.log(`partner credits left: ${sandbox.partner.partnerCredits}`);

    heading("3/4 pulumi preview: nothing changed, so nothing to do and no vendor call");
    sandbox.requestLog.clear();
    await runStack("preview", configFile);
    console.log(`vendor requests during the preview: ${sandbox.requests.length}`);

    heading("4/4 pulumi destroy");
    await runStack("destroy", configFile);
    console.log(`outMail services left in the sandbox: ${sandbox.partner.snapshot().live_services.length}`);
  } finally {
    await sandbox.close();
  }
  heading("Done");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
