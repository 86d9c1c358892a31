"""`pip install sdk/python` works with no package index: the in-tree backend builds a wheel
holding the whole package (pricing table included) that imports and traces."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest

from .support import SDK_DIR, finished, read_records


class PipInstall(unittest.TestCase):
    def test_pip_installs_offline_and_the_package_works(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "site")
            r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--quiet", "--target", target, SDK_DIR],
                               capture_output=True, text=True, timeout=300)
            if r.returncode != 0 and "No module named pip" in r.stderr:
                self.skipTest("pip is not available")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.path.exists(os.path.join(target, "spanscope", "llm", "pricing.json")))
            trace = os.path.join(d, "t.jsonl")
            code = ("import spanscope, sys\nassert spanscope.__file__.startswith(sys.argv[1])\n"
                    "from spanscope.llm import cost_of\nassert cost_of('gpt-4o', {'input_tokens': 10}) > 0\n"
                    "with spanscope.span('installed'):\n    pass\n")
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            env.update({"PYTHONPATH": target, "SPANSCOPE_FILE": trace})
            r = subprocess.run([sys.executable, "-c", code, target], env=env, capture_output=True, text=True, timeout=60, cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual([s["name"] for s in finished(read_records(trace))], ["installed"])


if __name__ == "__main__":
    unittest.main()
