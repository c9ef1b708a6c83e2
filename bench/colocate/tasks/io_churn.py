"""I/O-heavy side task: writes a file in 1 MiB blocks with an fsync every few blocks, reads it
back after asking the kernel to drop it from the page cache, and deletes it.

Called by the engine as ``run(input_folder, mb=64, fsync_every=4, dir=...)``; ``dir`` is the
scratch folder (default: input_folder). Prints one JSON line. Standard library only.
"""

import json
import os
import time


def run(input_folder, mb=64, fsync_every=4, dir=None, **_):
    start_cpu, start = time.process_time(), time.monotonic()
    folder = dir or input_folder
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"io-churn-{os.getpid()}.bin")
    block = os.urandom(1 << 20)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for i in range(int(mb)):
            os.write(fd, block)
            if (i + 1) % int(fsync_every) == 0:
                os.fsync(fd)
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    read = 0
    with open(path, "rb", buffering=0) as f:
        while chunk := f.read(1 << 20):
            read += len(chunk)
    os.unlink(path)
    result = {"task": "io-churn", "mb": int(mb), "read_bytes": read,
              "wall_s": round(time.monotonic() - start, 3), "cpu_s": round(time.process_time() - start_cpu, 3)}
    print(json.dumps(result))
    return result
