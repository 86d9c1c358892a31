"""`python -m spanscope script.py`: the script runs as __main__ with its arguments, and an
OpenAI-style client it creates (from a package imported after start-up) is traced."""
from __future__ import annotations

import os
import tempfile
import unittest

from .support import SDK_DIR, child_env, finished, read_records

import subprocess
import sys

FAKE_OPENAI = '''
from types import SimpleNamespace as NS

class _Completions:
    def create(self, **kw):
        return NS(model=kw["model"], choices=[NS(index=0, message=NS(role="assistant", content="pong", tool_calls=None), finish_reason="stop")],
                  usage=NS(prompt_tokens=3, completion_tokens=1, total_tokens=4))

class OpenAI:
    def __init__(self, api_key=None):
        self.chat = NS(completions=_Completions())
'''

SCRIPT = '''
import sys
from openai import OpenAI
from spanscope import span
assert __name__ == "__main__"
with span("main", "agent"):
    reply = OpenAI(api_key="x").chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": sys.argv[1]}])
print(reply.choices[0].message.content)
'''


class RunWithTracing(unittest.TestCase):
    def test_script_runs_and_its_client_is_wrapped(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "pkgs", "openai"))
            with open(os.path.join(d, "pkgs", "openai", "__init__.py"), "w") as f:
                f.write(FAKE_OPENAI)
            script = os.path.join(d, "app.py")
            with open(script, "w") as f:
                f.write(SCRIPT)
            trace = os.path.join(d, "traces.jsonl")
            env = child_env({"SPANSCOPE_FILE": trace})
            env["PYTHONPATH"] = SDK_DIR + os.pathsep + os.path.join(d, "pkgs")
            r = subprocess.run([sys.executable, "-m", "spanscope", script, "ping"], env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual((r.returncode, r.stdout.strip(), r.stderr), (0, "pong", ""))
            spans = {s["name"]: s for s in finished(read_records(trace))}
            llm = spans["chat gpt-4o"]
            self.assertEqual(llm["parent_id"], spans["main"]["id"])
            self.assertEqual(llm["inputs"]["messages"], [{"role": "user", "content": "ping"}])
            self.assertEqual(llm["outputs"]["messages"][0]["content"], "pong")
            self.assertEqual(llm["source"]["file"], script)
            self.assertGreater(llm["cost_usd"], 0)
            self.assertEqual(llm["service"], "app")


if __name__ == "__main__":
    unittest.main()
