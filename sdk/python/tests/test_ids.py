"""Span ids: UUIDv7 (version 7, RFC variant), monotonic in a process, unique across threads,
and a forked child never repeats the random bits its parent draws next."""
from __future__ import annotations

import os
import threading
import unittest
import uuid

from spanscope._clock import random_bits_of, time_ns, uuid7


class Ids(unittest.TestCase):
    def test_version_variant_order_and_spread(self) -> None:
        ids = [uuid7(time_ns()) for _ in range(5000)]  # several pool refills
        for i in ids:
            u = uuid.UUID(i)
            self.assertEqual((u.version, u.variant, str(u)), (7, uuid.RFC_4122, i))
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(set(ids)), len(ids))
        bits = [random_bits_of(i) / float(1 << 56) for i in ids]  # what the sampler reads
        self.assertTrue(0.45 < sum(bits) / len(bits) < 0.55)
        self.assertTrue(400 <= sum(b < 0.1 for b in bits) <= 600)  # ~10% under 0.1 (500 +- 4.7 sd)

    def test_threads_never_share_an_id(self) -> None:
        out: list[list[str]] = [[] for _ in range(4)]

        def make(k: int) -> None:
            ids = out[k]
            for _ in range(20_000):
                ids.append(uuid7(time_ns()))

        threads = [threading.Thread(target=make, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        every = [i for ids in out for i in ids]
        self.assertEqual(len(set(every)), 80_000)
        self.assertEqual(len({i[-17:] for i in every}), 80_000)  # the random part alone

    @unittest.skipUnless(hasattr(os, "fork"), "no fork here")
    def test_a_forked_child_draws_other_random_bits_than_its_parent(self) -> None:
        uuid7(time_ns())  # the pool is filled and partly used before the fork
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write 100 random parts and leave at once
            try:
                os.close(r)
                os.write(w, "\n".join(uuid7(time_ns())[-17:] for _ in range(100)).encode())
            finally:
                os._exit(0)
        os.close(w)
        mine = {uuid7(time_ns())[-17:] for _ in range(100)}
        chunks = []
        while True:
            b = os.read(r, 65536)
            if not b:
                break
            chunks.append(b)
        os.close(r)
        os.waitpid(pid, 0)
        theirs = set(b"".join(chunks).decode().split("\n"))
        self.assertEqual(len(theirs), 100)
        self.assertEqual(mine & theirs, set())


if __name__ == "__main__":
    unittest.main()
