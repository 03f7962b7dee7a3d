"""The texts of a review's summary as the store keeps them and the API answers them.

A review is stored as two texts (reviews.summary_json holds the summary without its findings,
reviews.findings_json the findings: each finding once, models.join_summary joins them) and
answered, right after it is stored, with the same summary — its findings either in full (each
citation with the clause's wording, as stored) or compact (each citation by its clause id and
role, with a link to the clause on the rule explorer's page; ``?full=1`` gives the full text).

What a finding holds apart from what the application's facts fill in — its rule, title,
severity, citations, parameters as in force, the clause documents cite — depends only on the
rulebook and the review date.  Those parts are serialised once per (rulebook, date, rule,
case) and kept on the rulebook object they were made from (`_FRAGMENTS`: a rulebook object
never changes once loaded, and the provider drops old ones), so a review only serialises its
message, action and the values it read.  The text is byte for byte
``json.dumps([f.json() for f in findings], ensure_ascii=False)`` (tests/store/test_summaries.py).
The texts of a review the API stores are made in UTF-8 (its answer is written in it, and
the store binds the full text as it is: checker.store.reviews): their static parts are kept
encoded, and only what the review filled in is encoded, once for both texts.
"""
from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring
from typing import Any

from checker.findings import Finding, ValueRead
from checker.plain import leaf_text
from checker.review import Review
from checker.rulebook import Rulebook

_encode = json.JSONEncoder(ensure_ascii=False).encode  # = json.dumps(…, ensure_ascii=False)
# the same encoder's C core made once (JSONEncoder.encode makes it anew on every call):
# "".join(_chunks(value, 0)) is _encode(value) for the texts, lists and dicts of a finding
_chunks = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None, ": ", ", ",
                         False, False, True) \
    if c_make_encoder is not None else None
_FRAGMENTS = "_summary_fragments"  # the attribute of the rulebook that holds them
MAX_FRAGMENTS = 20_000  # per rulebook object (dates × rules × cases); emptied when reached
# the members a review fills in (everything else of Finding.json() is the same for every
# finding of one rule's case on one date under one rulebook)
DYNAMIC = ("message", "action", "values", "missing", "unverified")


def summary_rest(result: Review) -> str:
    """The summary's text without the findings (what reviews.summary_json stores)."""
    return _encode(result.summary_json(findings=False))


def findings_texts(result: Review, book: Rulebook | None,
                   rules_page: str | None = None) -> tuple[str, str | None]:
    """(the findings' full text, their compact text or None): the full one is what
    reviews.findings_json stores; the compact one, made when `rules_page` (the URL of the
    rule explorer, e.g. ``/rules``) is given, names each citation by its clause id and role
    with ``href``, the clause on the page of the finding's rule.  `book`: the rulebook the
    review was made under (None: nothing kept, each finding serialised whole)."""
    full, compact = _texts(result, book, rules_page, False)
    return full, (compact.decode() if compact is not None else None)


def findings_texts_utf8(result: Review, book: Rulebook | None,
                        rules_page: str | None = None) -> tuple[bytes, bytes | None]:
    """`findings_texts` in UTF-8, both texts (what the API stores and answers: written from
    the static parts kept in UTF-8 too, so that only what the review filled in is encoded,
    once for both texts)."""
    return _texts(result, book, rules_page, True)


def _texts(result: Review, book: Rulebook | None, rules_page: str | None,
           utf8: bool) -> tuple[Any, bytes | None]:
    """(the full text, in UTF-8 when `utf8`; the compact text in UTF-8 or None). Each text
    is joined once from all its pieces (the findings' texts are tens of KB: joining each
    finding's, then the findings, then adding the brackets would copy them thrice)."""
    full: list = []  # the pieces of the full text, in order
    compact: list[bytes] | None = [] if rules_page is not None else None
    fragments = _fragments(book) if book is not None else None
    texts: dict[int, str] = {}  # the text of each value read, by id: findings share them
    comma, opening = (b", ", b"[") if utf8 else (", ", "[")
    for finding in result.findings:
        full.append(comma if full else opening)
        if compact is not None:
            compact.append(b", " if compact else b"[")
        parts = _parts(fragments, finding, result, rules_page) if fragments is not None else None
        if parts is None:  # not of a rule's case (a reviewer's), or no rulebook: whole
            text = _encode(finding.json())
            full.append(text.encode() if utf8 else text)
            if compact is not None:
                data = finding.json()
                data["citations"] = _compact_citations(finding, rules_page)
                compact.append(_encode(data).encode())
            continue
        statics, statics_utf8, compact_statics, unverified = parts
        filled = _filled(finding, unverified, texts, fragments)
        if utf8 or compact is not None:
            encoded = [text.encode() for text in filled]
            if compact is not None:
                compact += _interleaved(compact_statics, encoded)
        full += _interleaved(statics_utf8, encoded) if utf8 else _interleaved(statics, filled)
    if not full:
        return (b"[]" if utf8 else "[]"), (b"[]" if compact is not None else None)
    full.append(b"]" if utf8 else "]")
    if compact is not None:
        compact.append(b"]")
    return ((b"" if utf8 else "").join(full),
            (b"".join(compact) if compact is not None else None))


def _fragments(book: Rulebook) -> dict:
    found = book.__dict__.get(_FRAGMENTS)
    if found is None or len(found) >= MAX_FRAGMENTS:
        found = book.__dict__[_FRAGMENTS] = {}
    return found


def _parts(fragments: dict, finding: Finding, result: Review, rules_page: str | None):
    key = (result.as_of, finding.rule_id, finding.outcome, finding.severity, rules_page)
    found = fragments.get(key)
    if found is None:
        found = fragments[key] = _prepare(finding, rules_page)
    return found


def _prepare(finding: Finding, rules_page: str | None):
    """The finding's serialised static parts: (the static texts of the full text, the same
    in UTF-8, those of the compact text in UTF-8, whether a citation or parameter is
    unverified).  The static
    texts are those before, between and after the members a review fills in (DYNAMIC, in
    that order): interleaved with those members' texts they make the finding's text.  None
    when the finding's members are not the ones expected."""
    data = finding.json()
    if tuple(name for name in data if name in DYNAMIC) != DYNAMIC:
        return None

    def pieces(citations: Any) -> list[str]:
        out: list[str] = []
        text = "{"
        for index, (name, value) in enumerate(data.items()):
            text += (", " if index else "") + _encode(name) + ": "
            if name in DYNAMIC:
                out.append(text)
                text = ""
            else:
                text += _encode(citations if name == "citations" else value)
        out.append(text + "}")
        return out

    unverified = any(not p.verified for p in finding.parameters) or \
        any(not c.status.verified for c in finding.citations)
    compact = [piece.encode() for piece in pieces(_compact_citations(finding, rules_page))] \
        if rules_page is not None else None
    full = pieces(data["citations"])
    return full, [piece.encode() for piece in full], compact, unverified


def _compact_citations(finding: Finding, rules_page: str | None) -> list[dict[str, str]]:
    return [{"id": c.id, "role": c.role,
             "href": f"{rules_page}/{finding.rule_id}#{clause_anchor(c.id)}"}
            for c in finding.citations]


def compact_findings(findings: list[dict[str, Any]], rules_page: str) -> list[dict[str, Any]]:
    """Stored (or reviewed) findings as the compact answer gives them: each citation by its
    clause id and role with ``href``, the clause on the page of the finding's rule."""
    return [{**f, "citations": [{"id": c.get("id"), "role": c.get("role"),
                                 "href": f"{rules_page}/{f.get('rule_id')}#"
                                         f"{clause_anchor(str(c.get('id')))}"}
                                for c in f.get("citations") or []]}
            if isinstance(f, dict) and "citations" in f else f for f in findings]


def compact_findings_text(findings_text: str, rules_page: str) -> str:
    """The compact text of stored findings (reviews.findings_json)."""
    return _encode(compact_findings(json.loads(findings_text), rules_page))


def clause_anchor(clause_id: str) -> str:
    """The id of a cited clause's block on a rule's page of the rule explorer (one per
    clause, never shared): the compact citations link there (web.rules too)."""
    return "clause-" + clause_id.replace(".", "-")


# the fields of a value read, in the model's order: what model_dump(mode="json") gives, which
# the kept head of a value read's text (_value_text) writes out by hand
_VALUE_FIELDS = ("fact", "title", "value", "display", "verified")
_FAST_VALUES = tuple(ValueRead.model_fields) == _VALUE_FIELDS


def _value_text(value: ValueRead, fragments: dict | None) -> str:
    """`_encode(value.model_dump(mode="json"))`. A value read's text up to its value — its
    fact and title — is the same for every review under one rulebook: kept with the findings' static
    parts (`fragments`), and the rest written on (the value as the C encoder writes a plain
    JSON leaf); anything else is serialised whole."""
    leaf = leaf_text(value.value) if fragments is not None and type(value) is ValueRead \
        and _FAST_VALUES else None
    if leaf is None:
        return _text(value.model_dump(mode="json"))
    key = ("value", value.fact, value.title)
    head = fragments.get(key)
    if head is None:
        head = fragments[key] = (f'{{"fact": {encode_basestring(value.fact)}, "title": '
                                 f'{encode_basestring(value.title)}, "value": ')
    return (head + leaf + ', "display": ' + encode_basestring(value.display)
            + (', "verified": true}' if value.verified else ', "verified": false}'))


def _filled(finding: Finding, unverified: bool, texts: dict[int, str],
            fragments: dict | None = None) -> list[str]:
    """The texts of the members a review fills in, in DYNAMIC's order. `texts`: the text of
    each value read already serialised in this review, by id (the findings of one review
    share their ValueRead objects: each is serialised once); `fragments`: the static parts
    kept for the rulebook (see _value_text)."""
    values = finding.values
    if values:
        parts = []
        for value in values:
            text = texts.get(id(value))
            if text is None:
                text = texts[id(value)] = _value_text(value, fragments)
            parts.append(text)
        values_text = "[" + ", ".join(parts) + "]"
    else:
        values_text = "[]"
    missing = finding.missing
    action = finding.action
    return [encode_basestring(finding.message),
            "null" if action is None else encode_basestring(action),
            values_text,
            _text(missing) if missing else "[]",
            "true" if unverified or any(not v.verified for v in values) else "false"]


def _text(value: Any) -> str:
    """`_encode(value)` by the encoder's C core made once (the same text)."""
    return "".join(_chunks(value, 0)) if _chunks is not None else _encode(value)


def _interleaved(statics: list, filled: list) -> list:
    """The static texts with the filled-in members' texts between them: the pieces of a
    finding's text, in order."""
    parts = statics + filled
    parts[::2] = statics
    parts[1::2] = filled
    return parts
