/**
 * The activation journal on a real PostgreSQL (core/resource/journal): a fleet's shards start their
 * provider hosts at once, and each creates the journal's table on first use. PostgreSQL's CREATE TABLE IF
 * NOT EXISTS is not atomic, so all but one fail on the catalog; every one must still get on with its work.
 */
import { journalFromConfig } from "../../provider/core/resource/journal";
import { setProviderConfig } from "../../provider/core/transport/config";
import { type Postgres, startPostgres } from "../harness/postgres";

jest.setTimeout(120_000);

let postgres: Postgres;
beforeAll(async () => (postgres = await startPostgres()));
afterAll(async () => {
  setProviderConfig({ get: () => undefined });
  await postgres?.stop();
});

/** A journal of its own (its own connection pool, as another process has) on the same database. */
function journal(i: number) {
  const url = `${postgres.url}&application_name=journal-${i}`;
  setProviderConfig({ get: (key) => (key === "mailreseller:activationJournal" ? url : undefined) });
  return journalFromConfig()!;
}

test("eight first uses at once all work, and each sees what the others recorded", async () => {
  const journals = Array.from({ length: 8 }, (_, i) => journal(i));
  await Promise.all(
    journals.map((j, i) => j.put(`mailup:news-${i}.example`, { IdActivation: String(9000 + i) })),
  );
  const read = await Promise.all(journals.map((j, i) => j.get(`mailup:news-${(i + 1) % 8}.example`)));
  expect(read).toEqual(journals.map((_, i) => ({ IdActivation: String(9000 + ((i + 1) % 8)) })));
  await journals[0].remove("mailup:news-1.example");
  expect(await journals[5].get("mailup:news-1.example")).toBeUndefined();
  expect(await postgres.sql("select count(*) from mailreseller_journal")).toBe("7");
});
