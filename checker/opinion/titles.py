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
"""
from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

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
    raw = [t for t in _tokenizer().cut(title, HMM=False) if t]
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
