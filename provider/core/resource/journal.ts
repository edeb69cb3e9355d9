/**
 * A durable record, outside the runner, of vendor writes whose object nothing can look up again: MailUp's
 * account activations (MailUp has no call that finds an account by its domain). The provider records the
 * activation the moment MailUp answers, before it waits for it, so a run killed before Pulumi's checkpoint
 * saved it leaves the record here, and the next run resumes that activation instead of asking a person to
 * find the account in MailUp's console.
 *
 * Where it lives is the stack setting `mailreseller:activationJournal` (`MAILRESELLER_ACTIVATION_JOURNAL`):
 * - a `postgres://` URL: a table (`mailreseller_journal`, created on first use) in a database the runs
 *   share, such as a fleet's state backend (the fleet command sets it to that backend by default); the
 *   password belongs in `PGPASSWORD`, as for the backend;
 * - a file path: JSON lines appended and flushed to disk, for one stack run from one machine (or a shared
 *   disk).
 * Unset, there is no journal: an activation killed mid-run needs `adopt`, as README "After a dead run" says.
 */
import * as fs from "node:fs";

import type { Pool } from "pg";

import { readSettings } from "../transport/config";
import { registerSecret } from "../transport/redact";

/** The setting. */
export const journalSetting = {
  key: "activationJournal",
  description:
    "where MailUp activations are recorded the moment MailUp answers: a postgres:// URL or a file path (empty: none)",
  defaultValue: "",
} as const;

/** One record: what resuming the write needs. */
export type JournalValue = Record<string, string>;

export interface Journal {
  /** Where it is, for messages (a URL without its password). */
  readonly location: string;
  get(key: string): Promise<JournalValue | undefined>;
  put(key: string, value: JournalValue): Promise<void>;
  remove(key: string): Promise<void>;
}

class PostgresJournal implements Journal {
  readonly location: string;
  private pool: Pool | undefined;
  private ready: Promise<void> | undefined;

  constructor(private readonly url: string) {
    const parsed = new URL(url);
    if (parsed.password) registerSecret(decodeURIComponent(parsed.password));
    parsed.password = "";
    this.location = parsed.toString();
  }

  private async db(): Promise<Pool> {
    if (!this.pool) {
      // Loaded only when a journal is configured: most stacks never need a database driver.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Pool: PgPool } = require("pg") as typeof import("pg");
      // Two connections: the provider host writes one record at a time per activation.
      this.pool = new PgPool({
        connectionString: this.url,
        max: 2,
        connectionTimeoutMillis: 10_000,
        // Idle connections must not keep a finished process alive.
        allowExitOnIdle: true,
      });
      // An idle connection's error (the server restarting) must not end the provider host.
      this.pool.on("error", () => undefined);
    }
    const pool = this.pool;
    this.ready ??= pool
      .query(
        "CREATE TABLE IF NOT EXISTS mailreseller_journal (key TEXT PRIMARY KEY, value JSONB NOT NULL, " +
          "recorded_at TIMESTAMPTZ NOT NULL DEFAULT now())",
      )
      .then(
        () => undefined,
        // Processes creating the table at once: PostgreSQL's IF NOT EXISTS is not atomic, and the losers
        // fail on the catalog ("type … already exists", a unique violation). The table is then there,
        // which one read proves; anything else is the original failure.
        (err: unknown) =>
          pool.query("SELECT 1 FROM mailreseller_journal LIMIT 0").then(
            () => undefined,
            () => {
              throw err;
            },
          ),
      );
    await this.ready.catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.pool;
  }

  async get(key: string): Promise<JournalValue | undefined> {
    const { rows } = await (
      await this.db()
    ).query<{ value: JournalValue }>("SELECT value FROM mailreseller_journal WHERE key = $1", [key]);
    return rows[0]?.value;
  }

  async put(key: string, value: JournalValue): Promise<void> {
    await (
      await this.db()
    ).query(
      "INSERT INTO mailreseller_journal (key, value) VALUES ($1, $2) " +
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, recorded_at = now()",
      [key, JSON.stringify(value)],
    );
  }

  async remove(key: string): Promise<void> {
    await (await this.db()).query("DELETE FROM mailreseller_journal WHERE key = $1", [key]);
  }
}

/** JSON lines, the last line of a key winning; a removal is a line without a value. */
class FileJournal implements Journal {
  constructor(readonly location: string) {}

  async get(key: string): Promise<JournalValue | undefined> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.location, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    let found: JournalValue | undefined;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      const entry = JSON.parse(line) as { key: string; value?: JournalValue };
      if (entry.key === key) found = entry.value;
    }
    return found;
  }

  put(key: string, value: JournalValue): Promise<void> {
    return this.append({ key, value, recordedAt: new Date().toISOString() });
  }

  remove(key: string): Promise<void> {
    return this.append({ key, removedAt: new Date().toISOString() });
  }

  /** One line, flushed to disk before it counts as recorded. */
  private async append(entry: object): Promise<void> {
    const handle = await fs.promises.open(this.location, "a");
    try {
      await handle.appendFile(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

const journals = new Map<string, Journal>();

/** The journal the stack's settings name, or none. One per location for the provider process. */
export function journalFromConfig(): Journal | undefined {
  const where = readSettings("pulumi-mailreseller", [journalSetting]).activationJournal.trim();
  if (where === "") return undefined;
  let journal = journals.get(where);
  if (!journal) {
    journal = /^postgres(ql)?:\/\//.test(where) ? new PostgresJournal(where) : new FileJournal(where);
    journals.set(where, journal);
  }
  return journal;
}
