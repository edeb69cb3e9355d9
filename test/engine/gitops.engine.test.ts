/**
 * The GitOps example end to end, as its CI workflow runs it (scripts/gitops-preview.ts): the base fleet
 * deployed to a fresh sandbox with the real CLI, the pull request's data previewed with the policy pack,
 * the Markdown comment written, and the exit code failing the check only when the preview is blocked.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { repoRoot } from "../harness/engine-stack";

jest.setTimeout(600_000);

const BASE = path.join(repoRoot, "examples", "gitops", "customers.json");
const POLICY_CONFIG = path.join(repoRoot, "examples", "gitops", "policy-config.json");

interface Customer {
  id: string;
  outmailTier: string;
  mailupProfile: string;
  mailupPacks: { pack: string; quantity: number }[];
}

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-gitops-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The pull request: the base data with `change` applied, previewed with the example's policy config. */
async function previewPullRequest(
  change: (customers: Customer[], data: { approvedDeletions?: unknown[] }) => void,
): Promise<{ code: number; comment: string }> {
  const data = JSON.parse(fs.readFileSync(BASE, "utf8")) as {
    customers: Customer[];
    approvedDeletions?: unknown[];
  };
  change(data.customers, data);
  const head = path.join(dir, `head-${Date.now()}.json`);
  const out = path.join(dir, `comment-${Date.now()}.md`);
  fs.writeFileSync(head, JSON.stringify(data));
  const args = [
    path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"),
    path.join(repoRoot, "scripts", "gitops-preview.ts"),
    "--base",
    BASE,
    "--head",
    head,
    "--policy-pack-config",
    POLICY_CONFIG,
    "--out",
    out,
  ];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (c) => (c === 2 ? reject(new Error(stderr)) : resolve(c ?? 1)));
  });
  return { code, comment: fs.readFileSync(out, "utf8") };
}

test("a pull request that downgrades a tariff and lowers a pack is blocked, and the comment says why", async () => {
  const { code, comment } = await previewPullRequest((customers) => {
    customers[1].outmailTier = "Outmail250";
    customers[0].mailupPacks[0].quantity = 2;
  });
  expect(code).toBe(1);
  expect(comment).toContain("## pulumi-mailreseller preview: ❌ blocked");
  expect(comment).toContain("| update | bakery-relay | outmail:Service |");
  expect(comment).toContain(
    '| outmail-no-downgrade | mandatory | bakery-relay | outmail.Service "bakery-relay": regrade Outmail500 → Outmail250 is a downgrade (10 → 5 credits).',
  );
  expect(comment).toContain(
    '| mailup-no-pack-reduction | mandatory | acme-crediti300 | mailup.AccountPack "acme-crediti300": quantity 4 → 2',
  );
});

test("a pull request that upgrades passes, listing the changes", async () => {
  const { code, comment } = await previewPullRequest((customers) => {
    customers[1].outmailTier = "Outmail1000";
    customers[1].mailupProfile = "Premium";
  });
  expect(code).toBe(0);
  expect(comment).toContain("## pulumi-mailreseller preview: ✅ passes");
  expect(comment).toContain("| update | bakery-relay | outmail:Service |");
  expect(comment).toContain("| update | bakery-console | mailup:Account |");
  expect(comment).not.toContain("Policy violations");
});

const removeBakery = (customers: Customer[]) =>
  customers.splice(
    customers.findIndex((c) => c.id === "bakery"),
    1,
  );

test("a pull request that removes a customer is blocked: the comment lists each deletion as not approved", async () => {
  const { code, comment } = await previewPullRequest((customers) => removeBakery(customers));
  expect(code).toBe(1);
  expect(comment).toContain("## pulumi-mailreseller preview: ❌ blocked");
  expect(comment).toContain("### Deletions and replacements");
  expect(comment).toMatch(
    /\| delete \| bakery-(relay|console|crediti300) \| ❌ not approved: protected by the deletion guard, the engine refuses it; add \{"name": "bakery-/,
  );
});

test("the same removal with its approval in the data file passes, and the comment says who approved what", async () => {
  const expires = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const { code, comment } = await previewPullRequest((customers, data) => {
    removeBakery(customers);
    data.approvedDeletions = ["bakery-relay", "bakery-console", "bakery-crediti300"].map((name) => ({
      name,
      expires,
      reason: "customer left, ticket 4712",
    }));
  });
  expect(comment).toContain("## pulumi-mailreseller preview: ✅ passes");
  for (const name of ["bakery-relay", "bakery-console", "bakery-crediti300"]) {
    expect(comment).toContain(
      `| delete | ${name} | approved until ${expires} (customer left, ticket 4712) |`,
    );
  }
  expect(code).toBe(0);
});
