"""A live TraceLite-schema writer for the watcher test: WAL mode, the connection kept open so
committed rows stay in the -wal file. Reads commands from stdin: `trace NAME` inserts one
trace of three spans and commits; `quit` exits."""
import os
import sqlite3
import sys
import time

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("""CREATE TABLE IF NOT EXISTS spans (
  id INTEGER PRIMARY KEY AUTOINCREMENT, trace_id TEXT, span_id TEXT UNIQUE, parent_span_id TEXT,
  name TEXT, kind TEXT, service_name TEXT, status_code TEXT, status_description TEXT,
  start_time_ns INTEGER, end_time_ns INTEGER, duration_ns INTEGER, attributes_json TEXT,
  events_json TEXT, links_json TEXT, resource_json TEXT, created_at REAL)""")
db.commit()
print("ready", flush=True)
for line in sys.stdin:
    cmd = line.split()
    if not cmd or cmd[0] == "quit":
        break
    name = cmd[1]
    trace_id = os.urandom(16).hex()
    root = os.urandom(8).hex()
    t = time.time_ns()
    rows = [(root, None, name), (os.urandom(8).hex(), root, name + ".a"), (os.urandom(8).hex(), root, name + ".b")]
    for i, (span_id, parent, span_name) in enumerate(rows):
        db.execute(
            "INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, service_name, status_code,"
            " status_description, start_time_ns, end_time_ns, duration_ns, attributes_json, events_json,"
            " links_json, resource_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (trace_id, span_id, parent, span_name, "INTERNAL", "svc", "OK", None, t + i * 1000,
             t + 1_000_000 - i, 1_000_000, "{}", "[]", "[]", '{"service.name": "svc"}', time.time()))
    db.commit()
    print("wrote", name, flush=True)
