/**
 * The seed tracers' CREATE TABLE statements, as their own code issues them (read off
 * sqlite_master of the files in shared/fixtures/seed-formats), for python fixture writers.
 */
export const TRACELM_SCHEMA = `
CREATE TABLE traces(trace_id TEXT PRIMARY KEY, timestamp REAL, data TEXT);
`;

export const TRACEFORGE_SCHEMA = `
CREATE TABLE runs (
    run_id      TEXT PRIMARY KEY,
    run_name    TEXT NOT NULL,
    started_at  REAL NOT NULL,
    ended_at    REAL,
    status      TEXT NOT NULL DEFAULT 'running',
    metadata    TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE steps (
    step_id        TEXT PRIMARY KEY,
    run_id         TEXT NOT NULL,
    parent_step_id TEXT,
    step_name      TEXT NOT NULL,
    model          TEXT,
    input_data     TEXT NOT NULL,
    output_data    TEXT,
    tokens_input   INTEGER NOT NULL DEFAULT 0,
    tokens_output  INTEGER NOT NULL DEFAULT 0,
    cost_usd       REAL NOT NULL DEFAULT 0.0,
    latency_ms     REAL NOT NULL DEFAULT 0.0,
    started_at     REAL NOT NULL,
    ended_at       REAL,
    error          TEXT,
    metadata       TEXT NOT NULL DEFAULT '{}',
    FOREIGN KEY (run_id) REFERENCES runs(run_id)
);
`;

export const TRACELITE_SCHEMA = `
CREATE TABLE spans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL UNIQUE,
    parent_span_id TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    service_name TEXT NOT NULL DEFAULT 'unknown',
    status_code TEXT NOT NULL DEFAULT 'UNSET',
    status_description TEXT DEFAULT '',
    start_time_ns INTEGER NOT NULL,
    end_time_ns INTEGER,
    duration_ns INTEGER DEFAULT 0,
    attributes_json TEXT DEFAULT '{}',
    events_json TEXT DEFAULT '[]',
    links_json TEXT DEFAULT '[]',
    resource_json TEXT DEFAULT '{}',
    created_at REAL NOT NULL DEFAULT (strftime('%s', 'now'))
);
CREATE INDEX idx_spans_trace_id ON spans(trace_id);
CREATE INDEX idx_spans_start_time ON spans(start_time_ns);
`;

/**
 * Python prelude for fixture scripts: `make(db_path, schema)` returns an autocommit
 * connection with the schema created; rows are then inserted as plain tuples.
 */
export const PY_PRELUDE = `
import json, os, sqlite3, sys
def make(path, schema, wal=False):
    c = sqlite3.connect(path, isolation_level=None)
    if wal:
        c.execute('PRAGMA journal_mode=WAL')
    c.executescript(schema)
    return c
`;
