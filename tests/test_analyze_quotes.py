"""Quotes, speakers, cues and attributions on real sentences (PolNeAR train, cited by file)."""

from __future__ import annotations

from storydiff.analyze import analyze
from storydiff.analyze.quotes import speaker_name
from storydiff.model import Article


def _quotes(nlp, text):
    article = analyze(Article(text=text), nlp=nlp)
    return article, [q for q in article.quotes if q.direct]


def test_said_after_quote(nlp):
    # PolNeAR train, breitbart_2015-11-19_exclusive-excerpt-dinesh-d-souza.txt
    text = ("Brafman said, “The zeal with which this case was brought from in- ception to the Southern "
            "District is uncharacteristic of any case that we have found.” He added, “In this case things "
            "happened in this prosecu- tion that are not ordinary.”")
    article, quotes = _quotes(nlp, text)
    assert [q.speaker.text for q in quotes] == ["Brafman", "He"]
    assert quotes[0].text.startswith("“The zeal") and quotes[0].text.endswith("found.”")
    assert speaker_name(article, quotes[1]).text == "Brafman"


def test_inverted_cue_and_typewriter_marks(nlp):
    # PolNeAR train, nyt_2015-12-31_trump-turns-attacks-on-another-c.txt (typewriter marks)
    text = ("''He shook hands with everybody out there,'' said Mr. Trump, who is regarded as something "
            "of a germaphobe.")
    _, quotes = _quotes(nlp, text)
    assert len(quotes) == 1 and quotes[0].speaker.text.endswith("Trump")
    assert quotes[0].cue.text == "said"


def test_split_quote_keeps_its_speaker(nlp):
    # PolNeAR train, huff-post (Trump in Green Bay): the cue sits between the two halves.
    text = ("“And while I’m at it, I hold in the highest esteem Sen. John McCain,” Trump said, “and I "
            "fully support and endorse him for re-election.”")
    _, quotes = _quotes(nlp, text)
    # One statement, as PolNeAR annotates it: the span runs over the cue to the last mark.
    assert len(quotes) == 1 and quotes[0].speaker.text == "Trump" and quotes[0].cue.text == "said"
    assert quotes[0].text.startswith("“And while") and quotes[0].text.endswith("re-election.”")


def test_quote_paragraph_continues_previous_speaker(nlp):
    # Shape from PolNeAR train, usa-today_2016-07-26_protesters-push-through-intense-.txt
    text = ('"It is going well so far," said Richard Ross, a protester from Ohio.\n'
            '"It represents corporate interests, that\'s all."')
    _, quotes = _quotes(nlp, text)
    assert [q.speaker.text for q in quotes] == ["Richard Ross", "Richard Ross"]


def test_colon_introduces_quote(nlp):
    # PolNeAR train, huff-post: "17-year-old Jared Potts echoed: “He speaks his mind ...”"
    text = "17-year-old Jared Potts echoed: “He speaks his mind, and I think that might be what the country needs.”"
    _, quotes = _quotes(nlp, text)
    assert quotes[0].speaker.text.endswith("Jared Potts")


def test_titles_and_scare_quotes_are_not_quotes(nlp):
    text = ("He appeared on “Meet the Press” and called it a “very big threat” to the party, "
            "which he described as “ferocious”.")
    _, quotes = _quotes(nlp, text)
    assert quotes == []


def test_according_to_and_per(nlp):
    # PolNeAR train, huff-post: "... O’Malley said at a press conference, according to the Las Vegas Sun."
    text = ("O’Malley criticized Sanders at a press conference, according to the Las Vegas Sun. "
            "Per the campaign, he raised $2 million.")
    article = analyze(Article(text=text), nlp=nlp)
    found = [(a.cue.text, a.source.text) for a in article.attributions]
    assert found == [("according to", "the Las Vegas Sun"), ("Per", "the campaign")]
    assert article.attributions[1].scope.text == "he raised $2 million"


def test_indirect_speech(nlp):
    text = "Trump said he wanted a second meeting with Zelensky."
    article = analyze(Article(text=text), nlp=nlp)
    indirect = [(q.text, q.speaker.text, q.cue.text) for q in article.quotes if not q.direct]
    assert ("he wanted a second meeting with Zelensky", "Trump", "said") in indirect
    # A stance verb inside it is an attribution of its own, as PolNeAR annotates nesting.
    assert ("a second meeting with Zelensky", "he", "wanted") in indirect


def test_stance_verb_with_to_clause(nlp):
    # Shape from PolNeAR train (cue "has vowed"): the to-clause is the content.
    article = analyze(Article(text="Sanders has vowed to take his campaign to the convention."), nlp=nlp)
    assert [(q.text, q.cue.text) for q in article.quotes if not q.direct] == [
        ("to take his campaign to the convention", "vowed")]
