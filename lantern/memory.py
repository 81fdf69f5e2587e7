"""Give memory that start-up used and freed back to the operating system.

Loading the film pack, building the trivia bank and parsing a READY with many guilds allocate
and free several MiB; glibc keeps freed heap pages mapped, so the resident size stays high for
nothing. `malloc_trim(0)` returns them (about 1.5 MiB for Lantern). A no-op where the C
library has no malloc_trim (musl, macOS, Windows).
"""

from __future__ import annotations

import ctypes


def release_free_memory() -> bool:
    """Hand free heap pages back; True if the C library could. (A gc.collect() first frees
    nothing measurable: start-up leaves little cyclic garbage.)"""
    try:
        # The process's own symbols: no library search (find_library runs ldconfig).
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True
