"""CPU-bound side task: a fixed amount of hashing (not a fixed time), so a task that shares its
core with something else takes longer but does the same work.

Called by the engine as ``run(input_folder, rounds=N)``: N thousand chained SHA-256 rounds over a
64-byte block. Prints one JSON line with the final digest. Standard library only.
"""

import hashlib
import json
import sys
import time


def run(input_folder, rounds=2000, **_):
    start = time.process_time()
    digest = b"odop" * 16
    for _ in range(int(rounds) * 1000):
        digest = hashlib.sha256(digest).digest() + digest[:32]
    result = {"task": "cpu-burn", "rounds_k": int(rounds), "digest": digest[:8].hex(),
              "cpu_s": round(time.process_time() - start, 3)}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    run(".", *(int(a) for a in sys.argv[1:2]))
