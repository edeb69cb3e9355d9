/**
 * The sandbox's MailPartner API over real loopback HTTP: every error code of `subaccount/create` with
 * HTTP 200 and the docs' French text, both types, the parent's balance charged to the cent, the paged
 * list, credit/add, the admin routes, faults in the vendor's shape, and the CLI flags. Neither the API
 * key nor a token appears in any message or log line.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import axios, { type AxiosInstance } from "axios";

import {
  DEFAULT_MAILPARTNER_API_KEY,
  DEFAULT_MAILPARTNER_BALANCE,
  MAILPARTNER_PARENT_EMAIL,
  MAILPARTNER_PREFIX,
  type Sandbox,
  startSandbox,
} from "../../sandbox/server";

const ROOT = path.resolve(__dirname, "../..");
const KEY = DEFAULT_MAILPARTNER_API_KEY;

let sandbox: Sandbox;
let http: AxiosInstance;
let admin: AxiosInstance;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  http = axios.create({ baseURL: `${sandbox.url}${MAILPARTNER_PREFIX}`, validateStatus: () => true });
  admin = axios.create({ baseURL: `${sandbox.url}/__sandbox/mailpartner`, validateStatus: () => true });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

const create = (body: Record<string, unknown>) => http.post("/subaccount/create", body);
const list = (page?: number, apiKey = KEY) => http.get("/subaccount/list", { params: { apiKey, page } });

async function expectFailure(
  res: Promise<{ status: number; data: unknown }>,
  code: number,
  message: string,
): Promise<void> {
  const { status, data } = await res;
  expect(status).toBe(200);
  expect(data).toEqual({ success: false, code, message });
}

describe("subaccount/create", () => {
  it("creates an advanced sub-account and charges the parent to the cent", async () => {
    const res = await create({
      apiKey: KEY,
      type: "advanced",
      parameters: {
        email: "Shop@Customer.example",
        isBuyer: 1,
        creditToAttribute: 12.34,
        firstname: "Camille",
      },
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      success: true,
      code: 200,
      subaccount: { email: "shop@customer.example", token: expect.stringMatching(/^[0-9a-f]{32}$/) },
      sendConfirmMailTo: "shop@customer.example",
      parent_email: MAILPARTNER_PARENT_EMAIL,
    });
    expect(sandbox.mailpartner.balance).toBe(87.66);
    expect(sandbox.mailpartner.subaccounts()).toEqual([
      expect.objectContaining({
        email: "shop@customer.example",
        isBuyer: 1,
        credit: 12.34,
        firstname: "Camille",
      }),
    ]);
  });

  it("generates an address for a simple sub-account without one, and accepts `parameters` as a JSON text", async () => {
    const generated = await create({ apiKey: KEY, type: "simple" });
    expect(generated.data.subaccount.email).toBe("subaccount-1@mailpartner.sandbox");
    expect(generated.data.sendConfirmMailTo).toBe(MAILPARTNER_PARENT_EMAIL);
    const named = await create({
      apiKey: KEY,
      type: "simple",
      parameters: JSON.stringify({ email: "s@x.example" }),
    });
    expect(named.data.subaccount.email).toBe("s@x.example");
  });

  it.each([
    [{ type: "simple" }, 1, "La Clé API est requise"],
    [{ apiKey: "wrong-key", type: "simple" }, 10, "Clé API incorrecte"],
    [{ apiKey: KEY }, 4, "Le type est requis (simple ou advanced)"],
    [{ apiKey: KEY, type: "premium" }, 5, "Le type de sous-compte n'existe pas (simple ou advanced)"],
    [{ apiKey: KEY, type: "advanced", parameters: { isBuyer: 0 } }, 6, "L'email est requis"],
    [{ apiKey: KEY, type: "advanced", parameters: { email: "nope", isBuyer: 0 } }, 6, "L'email est invalide"],
    [{ apiKey: KEY, type: "advanced", parameters: { email: "a@b.example" } }, 3, "isBuyer est requis"],
    [
      { apiKey: KEY, type: "simple", parameters: { creditToAttribute: 0 } },
      8,
      "creditToAttribute doit être supérieure à 0",
    ],
    [
      { apiKey: KEY, type: "simple", parameters: { creditToAttribute: 100.01 } },
      9,
      "La balance doit être supérieure à 0",
    ],
  ])("%j fails with code %i, HTTP 200, and nothing is stored or charged", async (body, code, message) => {
    await expectFailure(create(body), code, message);
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);
    expect(sandbox.mailpartner.balance).toBe(DEFAULT_MAILPARTNER_BALANCE);
  });

  it("refuses a second account with the same address, whatever its case (code 7)", async () => {
    await create({ apiKey: KEY, type: "advanced", parameters: { email: "dup@x.example", isBuyer: 0 } });
    await expectFailure(
      create({ apiKey: KEY, type: "simple", parameters: { email: "DUP@x.example" } }),
      7,
      "Un compte existe déjà avec cet email",
    );
  });

  it("spends the whole balance exactly, then refuses the next cent", async () => {
    sandbox.mailpartner.setBalance(10);
    expect(
      (await create({ apiKey: KEY, type: "simple", parameters: { creditToAttribute: 10 } })).data.success,
    ).toBe(true);
    expect(sandbox.mailpartner.balance).toBe(0);
    await expectFailure(
      create({ apiKey: KEY, type: "simple", parameters: { creditToAttribute: 0.01 } }),
      9,
      "La balance doit être supérieure à 0",
    );
  });
});

describe("subaccount/list", () => {
  it("pages 20 at a time, oldest first, with tokens; a page past the end is empty", async () => {
    for (let i = 0; i < 45; i++)
      sandbox.mailpartner.seedSubaccount({ type: "simple", email: `s${i}@x.example` });
    const pages = await Promise.all([list(), list(2), list(3), list(4)]);
    expect(pages.map((p) => p.data.subaccounts.length)).toEqual([20, 20, 5, 0]);
    expect(pages.map((p) => p.data.total)).toEqual([45, 45, 45, 45]);
    expect(pages[1].data.subaccounts[0]).toEqual({
      email: "s20@x.example",
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      type: "simple",
      isBuyer: 0,
      title: "",
      firstname: "",
      lastname: "",
      credit: 0,
      createdAt: expect.any(String),
    });
  });

  it("needs the API key, and refuses a page that is not a positive integer", async () => {
    await expectFailure(list(1, "wrong"), 10, "Clé API incorrecte");
    await expectFailure(list(0), 2, "Le numéro de page doit être un entier supérieur à 0");
  });
});

describe("subaccount/credit/add", () => {
  it("moves credit from the parent to the sub-account", async () => {
    const { token } = sandbox.mailpartner.seedSubaccount({ type: "simple", credit: 1.5 });
    const res = await http.post("/subaccount/credit/add", {
      apiKey: KEY,
      credit: 20,
      tokenSubaccount: token,
    });
    expect(res.data).toEqual({
      success: true,
      code: 200,
      credit: 80,
      subaccountCredit: 21.5,
      currency: "EUR",
    });
  });

  it.each([
    [{}, 2, "Le crédit est requis"],
    [{ credit: 5 }, 3, "L'identifiant du sous-compte est requis"],
    [{ credit: -5, tokenSubaccount: "x" }, 5, "Le crédit à attribuer doit être supérieur à 0"],
    [{ credit: 5, tokenSubaccount: "unknown" }, 7, "Le sous-compte n'existe pas"],
  ])("%j fails with code %i", async (body, code, message) => {
    await expectFailure(http.post("/subaccount/credit/add", { apiKey: KEY, ...body }), code, message);
  });

  it("refuses more than the parent's balance (code 8)", async () => {
    const { token } = sandbox.mailpartner.seedSubaccount({ type: "simple" });
    await expectFailure(
      http.post("/subaccount/credit/add", { apiKey: KEY, credit: 100.01, tokenSubaccount: token }),
      8,
      "Crédit insufisant",
    );
  });
});

describe("around the API", () => {
  it("has no delete or update route: the answer is a 404 in the vendor's shape", async () => {
    const res = await http.delete("/subaccount/delete", { data: { apiKey: KEY, token: "x" } });
    expect(res.status).toBe(404);
    expect(res.data).toEqual({
      success: false,
      code: 404,
      message: `No MailPartner API route DELETE ${MAILPARTNER_PREFIX}/subaccount/delete.`,
    });
  });

  it("answers an injected fault in the vendor's shape, and a dropped answer still applies the create", async () => {
    sandbox.faults.add({ vendor: "mailpartner", kind: "error", status: 503 });
    const failed = await create({ apiKey: KEY, type: "simple" });
    expect(failed.status).toBe(503);
    expect(failed.data).toMatchObject({ success: false, code: 503 });
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);

    sandbox.faults.add({ vendor: "mailpartner", kind: "drop-after-write" });
    await expect(
      create({ apiKey: KEY, type: "simple", parameters: { creditToAttribute: 4 } }),
    ).rejects.toThrow();
    expect(sandbox.mailpartner.subaccounts()).toHaveLength(1);
    expect(sandbox.mailpartner.balance).toBe(96);
  });

  it("never logs or echoes the API key or a token", async () => {
    await create({ apiKey: "a-wrong-key-value", type: "simple" });
    const created = await create({ apiKey: KEY, type: "simple" });
    await list();
    const log = JSON.stringify(sandbox.requests);
    for (const secret of [KEY, "a-wrong-key-value", created.data.subaccount.token])
      expect(log).not.toContain(secret);
  });

  it("admin: state without tokens, balance, seeding and removing sub-accounts", async () => {
    const seeded = await admin.post("/subaccounts", {
      type: "advanced",
      email: "old@x.example",
      isBuyer: true,
      credit: 3,
    });
    expect(seeded.status).toBe(201);
    expect(seeded.data).toMatchObject({
      email: "old@x.example",
      isBuyer: 1,
      credit: 3,
      token: expect.any(String),
    });
    expect((await admin.put("/balance", { balance: 42.5 })).data).toEqual({ balance: 42.5 });
    expect((await admin.put("/balance", { balance: -1 })).status).toBe(400);
    const state = await admin.get("/state");
    expect(state.data).toMatchObject({ parentEmail: MAILPARTNER_PARENT_EMAIL, balance: 42.5 });
    expect(JSON.stringify(state.data)).not.toContain(seeded.data.token);
    expect((await admin.delete("/subaccounts/OLD@x.example")).status).toBe(200);
    expect((await admin.delete("/subaccounts/old@x.example")).status).toBe(404);
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);
  });
});

describe("the CLI", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, "SIGKILL");
    }
  });

  it("--mailpartner-api-key and --mailpartner-balance set the credentials and the parent's balance", async () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const proc = spawn(
      tsx,
      [
        "sandbox/main.ts",
        "--port",
        "0",
        "--quiet",
        "--mailpartner-api-key",
        "cli-key-1",
        "--mailpartner-balance",
        "5.25",
      ],
      { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        const m = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
        if (m !== null) resolve(m[1]);
      });
      proc.on("exit", (code) => reject(new Error(`sandbox exited early (${code})`)));
    });
    const base = `${url}${MAILPARTNER_PREFIX}/subaccount/create`;
    const poor = await axios.post(base, {
      apiKey: "cli-key-1",
      type: "simple",
      parameters: { creditToAttribute: 5.26 },
    });
    expect(poor.data).toMatchObject({ success: false, code: 9 });
    const ok = await axios.post(base, {
      apiKey: "cli-key-1",
      type: "simple",
      parameters: { creditToAttribute: 5.25 },
    });
    expect(ok.data.success).toBe(true);
    proc.kill("SIGTERM");
  });

  it("--help lists the flags with their defaults, and a bad balance exits 2", async () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const run = promisify(execFile);
    const { stdout } = await run(tsx, ["sandbox/main.ts", "--help"], { cwd: ROOT });
    expect(stdout).toContain(`MailPartner apiKey (default ${DEFAULT_MAILPARTNER_API_KEY})`);
    expect(stdout).toContain(`(default ${DEFAULT_MAILPARTNER_BALANCE})`);
    await expect(
      run(tsx, ["sandbox/main.ts", "--mailpartner-balance", "1.234"], { cwd: ROOT }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "--mailpartner-balance must be an amount in euros with at most 2 decimals",
      ),
    });
  });
});
