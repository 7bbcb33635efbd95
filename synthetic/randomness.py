"""Counter-based random numbers: every draw is a pure function of (person seed, stream, counter).

Synthea gives each person a seed drawn in order from one master generator; we do the same, then
hash (seed, counter) with the splitmix64 finaliser instead of stepping a stateful generator. So a
whole cohort is drawn with numpy at once, and person k's numbers never depend on how many people
are generated with them, in what order, or in how many processes.
"""

from __future__ import annotations

import zlib

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_UNIT = 2.0**-53


def mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a bijective scramble of uint64 values (wraps on overflow)."""
    x = np.asarray(x, dtype=np.uint64)
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


def person_seeds(seed: int, people: int) -> np.ndarray:
    """One uint64 seed per person, drawn in order from the master seed (a prefix never changes)."""
    return np.random.PCG64(seed).random_raw(people).astype(np.uint64)


def stream_key(seeds: np.ndarray, name: str) -> np.ndarray:
    """A per-person key for one named stream (a module, the person's attributes)."""
    salt = np.uint64(zlib.crc32(name.encode("utf-8")))
    return mix(seeds ^ mix(np.full(1, salt, dtype=np.uint64)))


def uniforms(keys: np.ndarray, counter: int | np.ndarray) -> np.ndarray:
    """Uniform floats in [0, 1), one per key, for the given draw counter(s)."""
    bits = mix(keys + np.asarray(counter, dtype=np.uint64) * _GOLDEN)
    return (bits >> _S11).astype(np.float64) * _UNIT
