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
import { formatEntry } from "../../sandbox/core/request-log";

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
    expect(generated.data.subaccount.email).toBe("9875587@mailpartner.fr"); // the docs' example
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

  it("checks an advanced address before isBuyer, and isBuyer before the address is known to be taken", async () => {
    await expectFailure(
      create({ apiKey: KEY, type: "advanced", parameters: { email: "not-an-address" } }),
      6,
      "L'email est invalide",
    );
    await expectFailure(
      create({ apiKey: KEY, type: "advanced", parameters: { email: "a@b.example", isBuyer: 2 } }),
      3,
      "isBuyer doit valoir 1 ou 0",
    );
    await expectFailure(
      create({ apiKey: KEY, type: "simple", parameters: { email: "a@" } }),
      6,
      "L'email est invalide",
    );
    await expectFailure(
      create({ apiKey: KEY, type: "simple", parameters: { creditToAttribute: "ten" } }),
      8,
      "creditToAttribute doit être supérieure à 0",
    );
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);
  });

  it.each([
    [true, 1],
    ["1", 1],
    [false, 0],
    ["0", 0],
  ])("accepts isBuyer %j for an advanced sub-account (stored %i)", async (given, stored) => {
    const res = await create({
      apiKey: KEY,
      type: "advanced",
      parameters: { email: "b@x.example", isBuyer: given },
    });
    expect(res.data.success).toBe(true);
    expect(sandbox.mailpartner.subaccounts()[0].isBuyer).toBe(stored);
  });

  it("ignores isBuyer for a simple sub-account: it cannot buy", async () => {
    await create({ apiKey: KEY, type: "simple", parameters: { email: "s@x.example", isBuyer: 1 } });
    expect(sandbox.mailpartner.subaccounts()[0]).toMatchObject({ type: "simple", isBuyer: 0 });
  });

  it("takes a form body with `parameters` as a JSON text, as the docs' VB sample sends it", async () => {
    const form = new URLSearchParams({
      apiKey: KEY,
      type: "advanced",
      parameters: JSON.stringify({ email: "form@x.example", isBuyer: 0, creditToAttribute: 10 }),
    });
    const res = await http.post("/subaccount/create", form.toString(), {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.data).toMatchObject({ success: true, subaccount: { email: "form@x.example" } });
    expect(sandbox.mailpartner.balance).toBe(90);
  });

  it("numbers generated addresses past ones already taken, and from 1 again after reset()", async () => {
    sandbox.mailpartner.seedSubaccount({ type: "simple", email: "9875587@mailpartner.fr" });
    expect((await create({ apiKey: KEY, type: "simple" })).data.subaccount.email).toBe(
      "9875588@mailpartner.fr",
    );
    sandbox.reset();
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);
    expect((await create({ apiKey: KEY, type: "simple" })).data.subaccount.email).toBe(
      "9875587@mailpartner.fr",
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
  it("pages 20 at a time, oldest first, in the documented shape; a page past the end is empty", async () => {
    for (let i = 0; i < 45; i++)
      sandbox.mailpartner.seedSubaccount({ type: "simple", email: `s${i}@x.example` });
    const pages = await Promise.all([list(), list(2), list(3), list(4)]);
    expect(pages.map((p) => p.data.data.length)).toEqual([20, 20, 5, 0]);
    expect(pages.map((p) => [p.data.total, p.data.nb_per_page, p.data.page])).toEqual([
      [45, 20, 1],
      [45, 20, 2],
      [45, 20, 3],
      [45, 20, 4],
    ]);
    // toodiz/docpartner pages/docs/mail/sous-comptes/sous_comptep3.md: no names, no isBuyer.
    expect(pages[1].data.data[0]).toEqual({
      id: 21,
      email: "s20@x.example",
      type: "simple",
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      apiKey: expect.stringMatching(/^[0-9a-f]{40}$/),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      credits: { balance: "0.000", currency: "EUR" },
    });
  });

  it("lists what create made, in creation order, with the tokens create answered", async () => {
    const first = await create({ apiKey: KEY, type: "simple", parameters: { creditToAttribute: 1.1 } });
    const second = await create({
      apiKey: KEY,
      type: "advanced",
      parameters: { email: "adv@x.example", isBuyer: 1, title: "Shop", lastname: "Martin" },
    });
    const res = await http.get("/subaccount/list", { params: { apiKey: KEY } });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ success: true, code: 200, total: 2, nb_per_page: 20, page: 1 });
    expect(res.data.data).toEqual([
      expect.objectContaining({
        ...first.data.subaccount,
        id: 1,
        type: "simple",
        credits: { balance: "1.100", currency: "EUR" },
      }),
      expect.objectContaining({
        ...second.data.subaccount,
        id: 2,
        type: "advanced",
        credits: { balance: "0.000", currency: "EUR" },
      }),
    ]);
    expect(res.data.data[0].apiKey).not.toBe(res.data.data[1].apiKey);
  });

  it("answers _format=json, and refuses xml as not implemented in the vendor's shape", async () => {
    const json = await http.get("/subaccount/list", { params: { apiKey: KEY, _format: "json" } });
    expect(json.data).toMatchObject({ success: true, total: 0 });
    const xml = await http.get("/subaccount/list", { params: { apiKey: KEY, _format: "xml" } });
    expect(xml.status).toBe(501);
    expect(xml.data).toEqual({
      success: false,
      code: 501,
      message: "The sandbox answers _format=json only.",
    });
  });

  it("needs the API key, and refuses a page that is not a positive integer", async () => {
    await expectFailure(list(1, ""), 1, "La Clé API est requise");
    await expectFailure(
      http.get("/subaccount/list", { params: { apiKey: KEY, page: "two" } }),
      2,
      "Le numéro de page doit être un entier supérieur à 0",
    );
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

  it("takes the docs' PHP form (credit as a string) in a form body, to the cent", async () => {
    const { token } = sandbox.mailpartner.seedSubaccount({ type: "advanced", email: "a@x.example" });
    const form = new URLSearchParams({ apiKey: KEY, credit: "33.33", tokenSubaccount: token });
    const res = await http.post("/subaccount/credit/add", form.toString(), {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.data).toMatchObject({ success: true, credit: 66.67, subaccountCredit: 33.33 });
    expect(sandbox.mailpartner.balance).toBe(66.67);
    expect(sandbox.mailpartner.subaccounts()[0].credit).toBe(33.33);
  });

  it("needs the API key (codes 1 and 10) and moves nothing on failure", async () => {
    const { token } = sandbox.mailpartner.seedSubaccount({ type: "simple" });
    await expectFailure(
      http.post("/subaccount/credit/add", { credit: 5, tokenSubaccount: token }),
      1,
      "La Clé API est requise",
    );
    await expectFailure(
      http.post("/subaccount/credit/add", { apiKey: "nope", credit: 5, tokenSubaccount: token }),
      10,
      "Clé API incorrecte",
    );
    expect(sandbox.mailpartner.balance).toBe(DEFAULT_MAILPARTNER_BALANCE);
    expect(sandbox.mailpartner.subaccounts()[0].credit).toBe(0);
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
    expect(failed.data).toEqual({
      success: false,
      code: 503,
      message: expect.stringMatching(/^Injected fault \(sandbox rule \d+\)\.$/),
    });
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);

    sandbox.faults.add({ vendor: "mailpartner", kind: "drop-after-write" });
    await expect(
      create({ apiKey: KEY, type: "simple", parameters: { creditToAttribute: 4 } }),
    ).rejects.toThrow();
    expect(sandbox.mailpartner.subaccounts()).toHaveLength(1);
    expect(sandbox.mailpartner.balance).toBe(96);
  });

  it("answers an unreadable body with its HTTP status in the vendor's shape", async () => {
    const res = await http.post("/subaccount/create", '{"apiKey":', {
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({
      success: false,
      code: 400,
      message: "The request body could not be read (entity.parse.failed).",
    });
  });

  it("never logs or echoes the API key or a token, in any failure or log line", async () => {
    const wrong = "a-wrong-key-value";
    const created = await create({ apiKey: KEY, type: "simple" });
    const token: string = created.data.subaccount.token;
    const failures = await Promise.all([
      create({ apiKey: wrong, type: "simple" }),
      create({ apiKey: KEY, type: "advanced", parameters: { email: KEY } }),
      http.post("/subaccount/credit/add", { apiKey: wrong, credit: 1, tokenSubaccount: token }),
      http.post("/subaccount/credit/add", { apiKey: KEY, credit: 0, tokenSubaccount: token }),
      http.post("/subaccount/credit/add", { apiKey: KEY, credit: 1, tokenSubaccount: `${token}x` }),
      http.get("/subaccount/list", { params: { apiKey: wrong, page: 1 } }),
      http.get(`/subaccount/delete?apiKey=${KEY}&token=${token}`),
      http.get("/subaccount/list", { params: { apiKey: KEY, _format: token } }),
    ]);
    expect(failures.map((f) => f.data.success)).toEqual(failures.map(() => false));
    await list();
    const answers = JSON.stringify(failures.map((f) => f.data));
    const log = JSON.stringify(sandbox.requests) + sandbox.requests.map(formatEntry).join("\n");
    for (const secret of [KEY, wrong, token]) {
      expect(answers).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
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

  it("admin: a seeded sub-account can be adopted through the list, and is not charged", async () => {
    const seeded = await admin.post("/subaccounts", { type: "simple", title: "Legacy", credit: 7.5 });
    expect(seeded.data.email).toBe("9875587@mailpartner.fr");
    const listed = await list();
    expect(listed.data.data).toEqual([
      expect.objectContaining({
        email: seeded.data.email,
        token: seeded.data.token,
        credits: { balance: "7.500", currency: "EUR" },
      }),
    ]);
    expect(sandbox.mailpartner.balance).toBe(DEFAULT_MAILPARTNER_BALANCE);
  });

  it.each([
    ["PUT", "/balance", { balance: "12" }],
    ["PUT", "/balance", { balance: 1.234 }],
    ["POST", "/subaccounts", { type: "premium" }],
    ["POST", "/subaccounts", { type: "simple", email: "nope" }],
    ["POST", "/subaccounts", { type: "simple", credit: -1 }],
    ["POST", "/subaccounts", { type: "simple", credit: "5" }],
  ])("admin: %s %s %j is a 400 in the admin error shape", async (method, url, data) => {
    const res = await admin.request({ method, url, data });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({
      error: { name: "BadRequest", url: `/__sandbox/mailpartner${url}`, message: expect.any(String) },
    });
    expect(sandbox.mailpartner.snapshot()).toEqual({
      parentEmail: MAILPARTNER_PARENT_EMAIL,
      balance: DEFAULT_MAILPARTNER_BALANCE,
      subaccounts: [],
    });
  });

  it("admin: seeding an address already taken (any case) is a 400", async () => {
    sandbox.mailpartner.seedSubaccount({ type: "simple", email: "taken@x.example" });
    const res = await admin.post("/subaccounts", { type: "advanced", email: "TAKEN@x.example" });
    expect(res.status).toBe(400);
    expect(sandbox.mailpartner.subaccounts()).toHaveLength(1);
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
        "5",
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
      parameters: { creditToAttribute: 5.01 },
    });
    expect(poor.data).toMatchObject({ success: false, code: 9 });
    const ok = await axios.post(base, {
      apiKey: "cli-key-1",
      type: "simple",
      parameters: { creditToAttribute: 5 },
    });
    expect(ok.data.success).toBe(true);
    const defaultKey = await axios.post(base, { apiKey: KEY, type: "simple" });
    expect(defaultKey.data).toEqual({ success: false, code: 10, message: "Clé API incorrecte" });
    proc.kill("SIGTERM");
  });

  it.each(["-1", "abc", "12,50", ""])("--mailpartner-balance %j exits 2 with a message", async (value) => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const run = promisify(execFile);
    await expect(
      run(tsx, ["sandbox/main.ts", "--port", "0", `--mailpartner-balance=${value}`], { cwd: ROOT }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--mailpartner-balance must be an amount in euros"),
    });
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
