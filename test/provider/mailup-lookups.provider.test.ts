/**
 * The MailUp lookups programs call, against the sandbox; outside a Pulumi run this also proves the
 * MAILRESELLER_MAILUP_* environment fallback. The client pages through every page.
 */
import { mailup } from "../../provider";
import { MailupClient } from "../../provider/mailup/client";
import { PasswordGrantTokenSource } from "../../provider/core/transport/oauth";
import {
  DEFAULT_MAILUP_CLIENT_ID,
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_PASSWORD,
  DEFAULT_MAILUP_USERNAME,
  Sandbox,
  startSandbox,
} from "../../sandbox/server";
import { sandboxEnv } from "../harness/sandbox-config";

let sandbox: Sandbox;
const saved = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  Object.assign(process.env, sandboxEnv(sandbox.url));
});
afterAll(async () => {
  process.env = saved;
  await sandbox.close();
});

test("profiles, by id or name, ordered by ClientCode", async () => {
  expect((await mailup.getProfiles()).map((p) => `${p.name}:${p.id}:${p.clientCode}`)).toEqual([
    "Trial:1046:1",
    "Economy:1047:2",
    "Premium:1048:3",
  ]);
  expect((await mailup.getProfile("premium")).id).toBe("1048");
  expect((await mailup.getProfile("1046")).name).toBe("Trial");
  await expect(mailup.getProfile("Gold")).rejects.toThrow(
    'no profile "Gold"; profiles: Trial (1046), Economy (1047), Premium (1048)',
  );
});

test("packs and languages of a profile", async () => {
  const packs = await mailup.getProfilePacks("Premium");
  expect(packs).toContainEqual(
    expect.objectContaining({ id: "535", name: "Crediti300", min: 1, max: 65535 }),
  );
  expect(await mailup.getProfileLanguages("Trial")).toEqual(["EN", "IT"]);
});

test("lists are read page by page until every element is in", async () => {
  const tokens = new PasswordGrantTokenSource("mailup", {
    tokenUrl: `${sandbox.url}/mailup/Authorization/OAuth/Token`,
    clientId: DEFAULT_MAILUP_CLIENT_ID,
    clientSecret: DEFAULT_MAILUP_CLIENT_SECRET,
    username: DEFAULT_MAILUP_USERNAME,
    password: DEFAULT_MAILUP_PASSWORD,
  });
  const api = new MailupClient(`${sandbox.url}/mailup/API/v1.1/Rest/RetailerService.svc`, tokens, 2);
  sandbox.requestLog.clear();
  expect((await api.listProfiles()).map((p) => p.id)).toEqual(["1046", "1047", "1048"]);
  expect(sandbox.requests.filter((r) => r.path.endsWith("/Management/Profile"))).toHaveLength(2);
  expect(await api.listProfileLanguages("1048")).toHaveLength(8);
});
