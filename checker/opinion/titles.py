"""Where a document's title breaks: only between words, in balanced lines.

GB/T 9704-2012 §7.3.1: a title that runs to several lines is broken so that every word stays
whole and the lines stand symmetrically (标题回行时，要做到词意完整，排列对称，长短适宜) —
never "…节能报/告》的审查意见".  The renderer alone would break between any two Chinese
characters, so the title's lines are chosen here and printed as one block each:

1. the title is cut into words by a dictionary (jieba, dictionary only — no statistical
   guesses, so the same title always breaks the same way), with a few compound terms of the
   documents' titles kept whole (`COMPOUNDS`);
2. punctuation sticks to its word (an opening bracket to the word after it, a closing one or
   a comma to the word before), a number to the word after it (5万吨), and a run of single
   characters stays one piece (a proper name the dictionary does not know, such as 马栏山,
   which it cuts into 马|栏|山);
3. the fewest lines that fit the type area are used (`CAPACITY` full-width characters of the
   2号 title), and among the ways to fill them the one with the most even lengths (least sum
   of squared line widths; on a tie the longer line first, 上长下短).

A word wider than a whole line (never in practice) is split between its characters.

jieba's dictionary, loaded whole, costs a process about 0.7 s CPU and +62 MB on its first
title. A title reads only the dictionary's entries that are substrings of it, so the
dictionary (jieba's prefix dictionary with `COMPOUNDS` added as jieba's ``add_word`` adds them)
is kept once per machine as an SQLite file in the private cache directory
(checker.rulebook.cache: ``$CHECKER_CACHE_DIR``; `WordIndex`), and each title is cut by jieba
over just its own few hundred entries: the same words (tests/opinion/test_titles_index.py
compares both on every title), a few milliseconds, no resident dictionary. With the cache
turned off (``CHECKER_CACHE_DIR=``) or unusable, the whole dictionary is loaded as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
import unicodedata
from contextlib import closing
from functools import lru_cache
from pathlib import Path

# The type area is 156 mm (442.2 pt) wide; the title is 2号 (22 pt) with no letter spacing:
# 20 full-width characters a line.
CAPACITY = 20.0
# Width of a half-width character (digit, Latin letter) in full-width units, rounded up.
HALF_WIDTH = 0.6
# Terms of the documents' titles that are never broken although the dictionary splits them.
COMPOUNDS = ("节能报告", "节能审查", "审查意见", "转报函", "告知书", "合规意见", "补正通知",
             "工作底稿", "VOCs", "云计算", "大数据", "文创园", "产业园", "充电桩", "储能")
OPENING = set("《（(“‘〔【「『<[")
CLOSING = set("》）)”’〕】」』>]、，,。.：:；;！!？?")


@lru_cache(maxsize=1)
def _tokenizer():
    """The word segmenter, built once per process (its dictionary: about 0.8 s CPU, +78 MB)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in COMPOUNDS:
        tokenizer.add_word(word, freq=10**6)
    return tokenizer


INDEX_SCHEMA = 1  # the layout of the index file (part of its name)
BATCH = 500       # substrings per query (below SQLite's smallest limit on parameters)


class WordIndex:
    """jieba's prefix dictionary (every word with its frequency, every proper prefix of a word
    with 0, the total) in a read-only SQLite file: `tokenizer(text)` is a jieba tokenizer
    holding only the entries that are substrings of `text`, which is all jieba's
    dictionary-only cut (``HMM=False``) of `text` ever looks up."""

    def __init__(self, path: Path):
        self.path = path
        with closing(self._connect()) as db:
            meta = dict(db.execute("SELECT k, v FROM meta"))
        self.total, self.longest = int(meta["total"]), int(meta["longest"])

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    def tokenizer(self, text: str):
        import jieba

        pieces = sorted({text[k:i] for k in range(len(text))
                         for i in range(k + 1, min(len(text), k + self.longest) + 1)})
        freq: dict[str, int] = {}
        with closing(self._connect()) as db:
            for start in range(0, len(pieces), BATCH):
                chunk = pieces[start:start + BATCH]
                freq.update(db.execute("SELECT w, n FROM f WHERE w IN (%s)"
                                       % ",".join("?" * len(chunk)), chunk))
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, self.total, True
        return tokenizer

    @staticmethod
    def build(path: Path) -> None:
        """Write the index of jieba's default dictionary plus `COMPOUNDS` to `path`
        (atomically: a temporary file in the same directory, then renamed)."""
        import jieba

        source = jieba.Tokenizer()
        freq, total = source.gen_pfdict(source.get_dict_file())
        for word in COMPOUNDS:  # exactly as jieba's add_word(word, freq=10**6)
            freq[word] = 10**6
            total += 10**6
            for end in range(1, len(word) + 1):
                freq.setdefault(word[:end], 0)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".title-words-",
                                             suffix=".tmp")
        os.close(handle)
        try:
            with closing(sqlite3.connect(temporary)) as db:
                db.execute("CREATE TABLE f (w TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
                db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
                db.executemany("INSERT INTO f VALUES (?, ?)", freq.items())
                db.executemany("INSERT INTO meta VALUES (?, ?)",
                               [("total", total), ("longest", max(map(len, freq)))])
                db.commit()
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


def _index_name() -> str:
    """The index file's name: jieba's version, its dictionary file (size, modification
    time), `COMPOUNDS` and the schema; any change names another file."""
    import jieba

    dictionary = Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME
    info = dictionary.stat()
    key = repr((jieba.__version__, info.st_size, info.st_mtime_ns, COMPOUNDS, INDEX_SCHEMA))
    return f"title-words-{hashlib.sha256(key.encode()).hexdigest()[:20]}.sqlite"


@lru_cache(maxsize=1)
def word_index() -> WordIndex | None:
    """The machine's word index (built on first use), or None when the cache directory is
    turned off or unusable (then the whole dictionary is loaded, `_tokenizer`)."""
    from checker.rulebook.cache import _private, cache_dir

    where = cache_dir()
    if where is None:
        return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return None
        path = where / _index_name()
        if not (path.is_file() and _private(path)):
            WordIndex.build(path)
        try:
            return WordIndex(path)
        except sqlite3.Error:  # a damaged file is built again
            WordIndex.build(path)
            return WordIndex(path)
    except Exception:  # noqa: BLE001 — an unusable cache only costs time and memory
        return None


def _cut(title: str) -> list[str]:
    """jieba's dictionary-only cut of `title` (from the word index when there is one)."""
    index = word_index()
    try:
        tokenizer = index.tokenizer(title) if index is not None else _tokenizer()
    except sqlite3.Error:  # the file went away under a running process: the whole dictionary
        tokenizer = _tokenizer()
    return list(tokenizer.cut(title, HMM=False))


def width(text: str) -> float:
    """Printed width in full-width characters (a half-width character counts `HALF_WIDTH`)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else HALF_WIDTH for ch in text)


def _is_half(token: str) -> bool:
    return all(unicodedata.east_asian_width(ch) not in "WF" for ch in token)


def _single_runs(tokens: list[str]) -> list[str]:
    """Consecutive single-character words joined (an unknown name stays whole)."""
    out: list[str] = []
    run = False  # is out[-1] a run of single characters?
    for token in tokens:
        single = len(token) == 1 and token not in OPENING and token not in CLOSING
        if single and run:
            out[-1] += token
        else:
            out.append(token)
        run = single
    return out


def words(title: str) -> list[str]:
    """The title's unbreakable pieces: words with their punctuation and leading numbers."""
    raw = [t for t in _cut(title) if t]
    raw = _single_runs(raw)
    pieces: list[str] = []
    glue_next = False
    for token in raw:
        if pieces and not glue_next and (token[0] in CLOSING or token.isspace()):
            pieces[-1] += token
        elif glue_next and pieces:
            pieces[-1] += token
        else:
            pieces.append(token)
        # an opening bracket, a number or Latin text binds to the word after it
        glue_next = token[-1] in OPENING or (_is_half(token) and token.strip() != ""
                                             and token[-1] not in CLOSING)
    return pieces


def title_lines(title: str, capacity: float = CAPACITY) -> list[str]:
    """The title as lines broken only between `words`, as few and as even as possible."""
    title = " ".join(title.split())
    if width(title) <= capacity:
        return [title]
    pieces = words(title)
    # a word wider than a line (never in practice) is split between its characters
    pieces = [q for p in pieces for q in (list(p) if width(p) > capacity else [p])]
    widths = [width(p) for p in pieces]
    count = len(pieces)
    # best[k][i]: (cost, breaks) of setting pieces[:i] in k lines
    best: list[dict[int, tuple[tuple[float, ...], tuple[int, ...]]]] = [{0: ((0.0,), ())}]
    for k in range(1, count + 1):
        row: dict[int, tuple[tuple[float, ...], tuple[int, ...]]] = {}
        for i in range(1, count + 1):
            for j, (cost, breaks) in best[k - 1].items():
                if j >= i:
                    continue
                line = sum(widths[j:i])
                if line > capacity:
                    continue
                # least sum of squares; on a tie the longer line first (上长下短)
                candidate = (cost[0] + line * line, *cost[1:], -line)
                if i not in row or candidate < row[i][0]:
                    row[i] = (candidate, breaks + (i,))
        best.append(row)
        if count in row:
            cuts = (0, *row[count][1])
            return ["".join(pieces[a:b]) for a, b in zip(cuts, cuts[1:])]
    return [title]  # unreachable: single characters always fit
