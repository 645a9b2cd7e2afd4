"""Seeded mutations of a valid contract file, for the loader's fuzz test (tests/test_fuzz_loader.py) and its
longer run (bench/fuzz_loader.py): cut, duplicate, re-encode, and insert NUL bytes, quotes, huge fields,
invisible characters, stray delimiters and random bytes."""
from __future__ import annotations

import random

HUGE = 2 * 1024 * 1024      # over reading.MAX_LINE_BYTES


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def _pick(rng: random.Random, lines: list[bytes]) -> int:
    """A data line when there is one, else the first."""
    return rng.randrange(1, len(lines)) if len(lines) > 1 else 0


def cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = _pick(rng, lines)
    return _join(lines[:i + 1] + [lines[i]] + lines[i + 1:])


def drop_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(0, len(lines))
    return _join(lines[:i] + lines[i + 1:])


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace") + "Café Ñusa Jaya\n"
    codec = rng.choice(["cp1252", "utf-16", "utf-16-le", "utf-8-sig", "latin-1"])
    return text.encode(codec, errors="replace")


def mix_encodings(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = _pick(rng, lines)
    return _join(lines[:i] + ["Kafé,Café".encode("cp1252")] + lines[i:]) + "é".encode("utf-8")


def insert_bytes(rng: random.Random, data: bytes, chunk: bytes) -> bytes:
    at = rng.randrange(0, len(data) + 1)
    return data[:at] + chunk + data[at:]


def nul(rng: random.Random, data: bytes) -> bytes:
    return insert_bytes(rng, data, b"\x00" * rng.randint(1, 3))


def quote(rng: random.Random, data: bytes) -> bytes:
    return insert_bytes(rng, data, rng.choice([b'"', b'""', b'"x,y"', b'",\n"']))


def huge_field(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = _pick(rng, lines)
    lines[i] = lines[i] + b"x" * rng.choice([HUGE, 64 * 1024])
    return _join(lines)


def invisible(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = _pick(rng, lines)
    cells = lines[i].split(b",")
    j = rng.randrange(len(cells))
    cells[j] = rng.choice(["\u200b", "\u00a0\u00a0", "\ufeff", "\u200d\u200c"]).encode("utf-8")
    lines[i] = b",".join(cells)
    return _join(lines)


def delimiter(rng: random.Random, data: bytes) -> bytes:
    return insert_bytes(rng, data, rng.choice([b",", b";", b"\t", b",,,,", b"\r", b"\r\n", b"\n\n"]))


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    return insert_bytes(rng, data, bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))))


def wide_header(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    lines[0] = lines[0] + b"," + b",".join(b"x%d" % i for i in range(rng.choice([600, 5000])))
    return _join(lines)


MUTATIONS = (cut, duplicate_line, drop_line, reencode, mix_encodings, nul, quote, huge_field, invisible,
             delimiter, random_bytes, wide_header)


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """One to three mutations of `data`, and their names."""
    names = []
    for _ in range(rng.randint(1, 3)):
        m = rng.choice(MUTATIONS)
        data = m(rng, data) if data else data
        names.append(m.__name__)
    return data, names
