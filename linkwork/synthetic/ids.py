"""Identifiers for synthetic records: seeded UUIDs, synthetic NHS numbers, and the random streams behind them.

Every random draw comes from a numpy Generator seeded from (seed, purpose, chunk), so the same people
count and seed give the same rows whatever order the chunks are processed in.
"""

import numpy as np

# Stream purposes: one random stream per purpose and chunk, so adding draws to one part of the generator
# does not shift the numbers every other part gets.
WORLD, NHS_NUMBERS, PEOPLE, EPISODES, UUIDS = 1, 2, 3, 4, 5
LONG_SUPPORT, MEASURES, PLANS = 6, 7, 8
# The directory (organisation level, once per run) and onward connections (per chunk), with UUID streams of their
# own so the UUIDs every other table gets stay the same.
DIRECTORY, CONNECTIONS, DIRECTORY_UUIDS, CONNECTION_UUIDS = 9, 10, 11, 12
# Second prompt sheets before agreements (assurance.py), activity not about one person (activities.py) and the
# satisfaction surveys people agreed to in part two of their plans (satisfaction.py).
ASSURANCE, ASSURANCE_UUIDS, ACTIVITIES, ACTIVITY_UUIDS, SATISFACTION = 13, 14, 15, 16, 17
WORLD_CHUNK = 0xFFFF  # the UUID chunk of organisations and users

_HEX = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2")

# NHS numbers: ten digits, the tenth a modulus-11 check digit over the first nine, weighted 10 down to 2
# (NHS Data Dictionary). Numbers beginning 999 are the range set aside for testing and never issued to
# patients; it holds 1,000,000 nine-digit stems, of which 909,091 have a usable check digit (a stem
# whose check digit would be 10 is skipped). A run that needs more continues into 998, 997, ... : the
# 9xx block is not used for real patients in England (which issues 400-499 and 600-799 million), so
# they are as safe, but they are not "999" numbers.
TEST_BLOCKS = tuple(range(999, 989, -1))
_WEIGHTS = np.arange(10, 1, -1, dtype=np.int64)


def stream(seed: int, purpose: int, chunk: int = 0) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, purpose, chunk]))


class Uuids:
    """Version-4 UUIDs from a seeded stream, as 32-character hex (bytes arrays, the form both databases accept).

    Each call returns its UUIDs sorted, and every UUID of chunk k starts with the 16 bits of k, so chunks
    load in ascending key order: rows (and children loaded in their parents' order) are appended to every
    UUID index instead of landing all over it, which keeps bulk loads fast once indexes outgrow the cache.
    The other 106 bits are random, as uuid4's are.
    """

    def __init__(self, seed: int, chunk: int, purpose: int = UUIDS):
        self.rng = stream(seed, purpose, chunk)
        self.prefix = np.array([(chunk >> 8) & 0xFF, chunk & 0xFF], dtype=np.uint8)

    def __call__(self, n: int) -> np.ndarray:
        raw = np.frombuffer(self.rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
        raw[:, :2] = self.prefix
        raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
        raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
        return np.sort(_HEX[raw].view("S32").ravel())


def check_digits(stems: np.ndarray) -> np.ndarray:
    """The modulus-11 check digit of each nine-digit stem; 10 where the stem cannot be used."""
    digits = stems[:, None] // (10 ** np.arange(8, -1, -1, dtype=np.int64)) % 10
    check = 11 - (digits * _WEIGHTS).sum(axis=1) % 11
    return np.where(check == 11, 0, check)


def block_numbers(block: int) -> np.ndarray:
    """Every valid NHS number (as int64) whose first three digits are `block`, in ascending order."""
    stems = block * 1_000_000 + np.arange(1_000_000, dtype=np.int64)
    check = check_digits(stems)
    ok = check != 10
    return stems[ok] * 10 + check[ok]


def nhs_numbers(rng: np.random.Generator, n: int, taken: set[str] = frozenset()) -> np.ndarray:
    """n distinct synthetic NHS numbers (as 10-character bytes), none of them in `taken`.

    The 999 block is used first, shuffled; only if it runs out does the next block start."""
    parts, need = [], n
    for block in TEST_BLOCKS:
        if need <= 0:
            break
        numbers = block_numbers(block)
        if taken:
            used = np.array([int(t) for t in taken if t.startswith(str(block))], dtype=np.int64)
            numbers = numbers[~np.isin(numbers, used)]
        rng.shuffle(numbers)
        parts.append(numbers[:need])
        need -= len(parts[-1])
    if need > 0:
        raise ValueError(f"not enough synthetic NHS numbers for {n} people")
    return np.concatenate(parts).astype("S10") if parts else np.array([], dtype="S10")
