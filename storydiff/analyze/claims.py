"""Claims: one per clause, with predicate, typed arguments, attribution and modality.

A clause is a verb that heads a sentence (ROOT) or a clause joined to one (conj, ccomp,
advcl, relcl, parataxis). When the verb only frames another ("is scheduled to take
place", "is set to tour", "plans to visit"), the claim's predicate is the framed verb
and its modality "planned".

Arguments: every mention, timex, quantity and identifier of the sentence belongs to the
nearest clause verb above it in the parse. ``slot`` says how: subject, object, place
(a GPE/LOC/FAC after at/in/near/to/from/into/outside), time, quantity, identifier, or
oblique; ``kind`` is entity, place, timex, quantity or identifier; ``ref`` the index in
the article's list of that kind.

Modality, first match wins: ``denied`` (inside reported speech whose cue is a denial
verb, or a negated speech verb), ``hypothetical`` (an "if"/"unless" clause or a
could/might/may/would verb), ``said`` (inside a quote or an attribution's scope),
``planned`` (will/shall/"going to", a framing plan word, "due to"), else ``happened``.
``negated`` is set by a "not"/"never"/"n't" on the verb.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Token

from storydiff.analyze.docdata import sd
from storydiff.analyze.lexicon import PLAN_WORDS

# Stems of the denial verbs in any inflection ("denied", "rejects", "disputing").
# (lexicon.DENIAL_VERBS, written as stems so inflected cues match).
_DENIAL = re.compile(r"^(?:den[iy]|reject|dismiss|refut|disput|rebut)")
_CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "xcomp"}
_PLACE_PREPS = {"at", "in", "near", "to", "from", "into", "outside", "inside", "across", "over"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_HEDGES = {"could", "might", "may", "would"}
_FUTURE = {"will", "shall", "'ll", "wo"}


def _is_clause(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.dep_ == "ROOT":
        return True
    if token.dep_ == "xcomp":
        return token.head.lemma_.lower() in PLAN_WORDS
    return token.dep_ in _CLAUSE_DEPS and token.head.pos_ in ("VERB", "AUX", "NOUN", "ADJ")


def _framed(token: Token) -> Token | None:
    """The verb a plan word frames ("scheduled to take" -> take), else None."""
    if token.lemma_.lower() in PLAN_WORDS or (token.lemma_ == "be" and any(
            c.dep_ == "acomp" and c.lemma_.lower() in PLAN_WORDS for c in token.children)):
        for child in list(token.children) + [g for c in token.children if c.dep_ == "acomp" for g in c.children]:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                return child
    return None


def _modality(doc: Doc, verb: Token, framer: Token | None, inside: str | None, denial: bool) -> str:
    if denial:
        return "denied"
    children = list(verb.children) + (list(framer.children) if framer is not None else [])
    markers = {c.lower_ for c in children if c.dep_ == "mark"}
    if markers & {"if", "unless"} or {c.lower_ for c in children if c.dep_ == "aux"} & _HEDGES:
        return "hypothetical"
    if inside:
        return "said"
    if framer is not None or {c.lower_ for c in children if c.dep_ == "aux"} & _FUTURE:
        return "planned"
    if any(c.lower_ == "going" for c in children):
        return "planned"
    return "happened"


def _owner(token: Token, clauses: set[int]) -> tuple[int | None, Token]:
    """The clause verb above ``token`` and the child of that verb on the way."""
    child = token
    seen = 0
    while seen < 40:
        head = child.head
        if child.i in clauses and child is token:
            return child.i, child
        if head.i in clauses:
            return head.i, child
        if head is child:
            return None, child
        child = head
        seen += 1
    return None, child


def _slot(kind: str, label: str, child: Token) -> str:
    if kind == "timex":
        return "time"
    if kind in ("quantity", "identifier"):
        return kind
    if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
        return "subject"
    if child.dep_ in ("dobj", "attr", "dative", "oprd"):
        return "object"
    if label in _PLACE_LABELS and child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
        return "place"
    if label in _PLACE_LABELS and child.dep_ in ("npadvmod", "advmod"):
        return "place"
    return "oblique"


def find(doc: Doc) -> Doc:
    """Pipeline stage: set ``doc._.sd["claims"]``.

    Args:
        doc: a doc after the mentions, timexes, quantities, identifiers and quotes stages.

    Returns:
        The same doc.
    """
    data = sd(doc)
    quotes = data.get("quotes", [])
    attributions = data.get("attributions", [])
    extractions = []
    for kind_key, kind in (("mentions", "entity"), ("timexes", "timex"), ("quantities", "quantity"),
                           ("identifiers", "identifier")):
        for index, item in enumerate(data.get(kind_key, [])):
            label = item.get("label", "")
            extractions.append((item, index, "place" if kind == "entity" and label in _PLACE_LABELS else kind, label))
    extractions.sort(key=lambda e: e[0]["start"])
    starts = [e[0]["start"] for e in extractions]
    claims: list[dict] = []
    for sent in doc.sents:
        verbs = [t for t in sent if _is_clause(t) and not (t.dep_ == "xcomp" and _framed(t.head) is t)]
        clause_ids = {t.i for t in verbs}
        if not verbs:
            continue
        by_verb: dict[int, list[dict]] = {t.i: [] for t in verbs}
        first = bisect_left(starts, sent.start_char)
        last = bisect_left(starts, sent.end_char)
        for item, index, kind, label in extractions[first:last]:
            span = doc.char_span(item["start"], item["end"], alignment_mode="expand")
            if span is None:
                continue
            owner, child = _owner(span.root, clause_ids)
            if owner is None:
                continue
            slot = _slot("timex" if kind == "timex" else kind, label, child if child.dep_ != "pobj" else child.head)
            by_verb[owner].append({"start": item["start"], "end": item["end"], "text": item["text"],
                                   "slot": slot, "kind": kind, "ref": index})
        for verb in verbs:
            framed = _framed(verb)
            predicate = framed if framed is not None else verb
            if predicate.lemma_ == "be" and not by_verb[verb.i]:
                continue
            offset = predicate.idx
            quote_index = next((i for i, q in enumerate(quotes) if q["start"] <= offset < q["end"]), None)
            attribution_index = next((i for i, a in enumerate(attributions) if a.get("scope")
                                      and a["scope"]["start"] <= offset < a["scope"]["end"]), None)
            cue_word = ((quotes[quote_index].get("cue") or {}).get("text", "") if quote_index is not None else "")
            denial = _DENIAL.match(cue_word.lower()) is not None
            inside = "quote" if quote_index is not None else ("attribution" if attribution_index is not None else None)
            particle = [c for c in predicate.children if c.dep_ in ("prt", "dobj") and c.lower_ == "place"]
            name = predicate.lemma_.lower() + (" place" if particle else "")
            claims.append({
                "start": sent.start_char, "end": sent.end_char, "text": sent.text,
                "predicate": name,
                "predicate_span": {"start": predicate.idx, "end": predicate.idx + len(predicate.text),
                                   "text": predicate.text},
                "arguments": sorted(by_verb[verb.i], key=lambda a: a["start"]),
                "attribution": attribution_index, "quote": quote_index,
                "modality": _modality(doc, predicate, verb if framed is not None else None, inside, denial),
                "negated": any(c.dep_ == "neg" for c in list(predicate.children) + list(verb.children)),
            })
    data["claims"] = claims
    return doc
