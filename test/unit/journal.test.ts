/**
 * The activation journal's file form (core/resource/journal), as a single stack uses it: a record is read
 * back by its key, the last record of a key wins, a removal forgets it, and every line is on disk before
 * `put` returns. The PostgreSQL form runs in the fleet's engine tests, on a real cluster.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { journalFromConfig } from "../../provider/core/resource/journal";
import { setProviderConfig } from "../../provider/core/transport/config";

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-journal-"))));
afterAll(() => {
  setProviderConfig({ get: () => undefined });
  fs.rmSync(dir, { recursive: true, force: true });
});

test("without the setting there is no journal", () => {
  setProviderConfig({ get: () => undefined });
  expect(journalFromConfig()).toBeUndefined();
});

test("a file journal keeps the last record of each key until it is removed", async () => {
  const file = path.join(dir, "activations.jsonl");
  setProviderConfig({ get: (key) => (key === "mailreseller:activationJournal" ? file : undefined) });
  const journal = journalFromConfig()!;
  expect(journal.location).toBe(file);
  expect(await journal.get("mailup:news.a.example")).toBeUndefined();
  await journal.put("mailup:news.a.example", { IdActivation: "9001" });
  await journal.put("mailup:news.b.example", { IdActivation: "9002" });
  await journal.put("mailup:news.a.example", { IdActivation: "9003" });
  expect(await journal.get("mailup:news.a.example")).toEqual({ IdActivation: "9003" });
  await journal.remove("mailup:news.a.example");
  expect(await journal.get("mailup:news.a.example")).toBeUndefined();
  expect(await journal.get("mailup:news.b.example")).toEqual({ IdActivation: "9002" });
  expect(fs.readFileSync(file, "utf8").trim().split("\n")).toHaveLength(4);
});

test("a postgres journal's location hides its password", () => {
  setProviderConfig({
    get: (key) =>
      key === "mailreseller:activationJournal"
        ? "postgres://fleet:s3cret-pw@db.example:5432/pulumi"
        : undefined,
  });
  expect(journalFromConfig()!.location).toBe("postgres://fleet@db.example:5432/pulumi");
});
