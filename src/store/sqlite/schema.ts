/**
 * The SQLite schema of the log, version 1. docs/storage.md describes it for auditors; keep the two in step.
 *
 * No column holds an amount: amounts live only inside the JSON text of results and events, formatted by the core.
 */
import type Database from "better-sqlite3";

export const SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
CREATE TABLE schema_version (
  version INTEGER NOT NULL
);

CREATE TABLE genesis (
  id       INTEGER PRIMARY KEY CHECK (id = 0),
  document TEXT NOT NULL
);

CREATE TABLE blocks (
  height               INTEGER PRIMARY KEY,
  timestamp            INTEGER NOT NULL,
  parent_hash          TEXT NOT NULL,
  state_hash           TEXT NOT NULL,
  hash                 TEXT NOT NULL,
  transaction_count    INTEGER NOT NULL,
  event_count          INTEGER NOT NULL,
  first_event_sequence INTEGER NOT NULL
);

CREATE TABLE transactions (
  height     INTEGER NOT NULL,
  tx_index   INTEGER NOT NULL,
  id         TEXT NOT NULL,
  type       TEXT NOT NULL,
  authorizer TEXT,
  envelope   TEXT,
  result     TEXT NOT NULL
);
CREATE UNIQUE INDEX transactions_by_position ON transactions (height, tx_index);
CREATE UNIQUE INDEX transactions_by_id ON transactions (id);

CREATE TABLE events (
  sequence INTEGER PRIMARY KEY,
  height   INTEGER NOT NULL,
  tx_index INTEGER NOT NULL,
  type     TEXT NOT NULL,
  data     TEXT NOT NULL
);
CREATE INDEX events_by_type ON events (type);

CREATE TABLE snapshots (
  height      INTEGER PRIMARY KEY,
  state_hash  TEXT NOT NULL,
  file        TEXT NOT NULL,
  byte_length INTEGER NOT NULL,
  sha256      TEXT NOT NULL
);
`;

/** Creates the schema in an empty database, or checks that an existing one has the version this code reads. */
export function ensureSchema(db: Database.Database): void {
  const hasVersionTable = () =>
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'").get() !== undefined;
  // Checked again under the write lock, so two processes opening an empty directory create the schema once.
  db.transaction(() => {
    if (hasVersionTable()) return;
    db.exec(SCHEMA_V1);
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
  }).immediate();
  const row = db.prepare<[], { version: number }>("SELECT version FROM schema_version").get();
  if (row?.version !== SCHEMA_VERSION) {
    throw new Error(
      `ledger database has schema version ${row?.version ?? "none"}; this flowstake reads version ${SCHEMA_VERSION}`,
    );
  }
}
