"""Voices on real text: ECB+ wire copies share a voice, different reports stay apart."""

from __future__ import annotations

import hashlib
import re
import struct
import subprocess
import sys
from collections import defaultdict

from storydiff.ingest.text import build_article
from storydiff.ingest.voices import NearDuplicateKey, assign_voices, minhash, near_duplicate_key, shingles, similarity
from storydiff.model import Article

_TOKEN = re.compile(r'<token[^>]*sentence="(\d+)"[^>]*>([^<]*)</token>')


def _ecb_text(path) -> str:
    sentences: dict[int, list[str]] = defaultdict(list)
    for sentence, word in _TOKEN.findall(path.read_text(encoding="utf-8")):
        sentences[int(sentence)].append(word)
    return "\n".join(" ".join(words) for _, words in sorted(sentences.items()))


def test_ecb_topic_copies_and_independent_reports(shared_data):
    """Topic 29 (ecbplus): three outlets carry one wire story of a football game (29_1,
    29_5, 29_9, estimated Jaccard ~0.96); the other reports of that game score under 0.5
    against them (bench/voices.py lists the scores) and keep voices of their own."""
    folder = shared_data / "ecbplus" / "29"
    paths = sorted(folder.glob("29_*ecbplus.xml"), key=lambda p: int(p.name.split("_")[1].split("e")[0]))
    articles = [build_article(_ecb_text(p), source=p.name) for p in paths]
    assign_voices(articles)
    voice = {a.source: a.voice for a in articles}
    assert voice["29_1ecbplus.xml"] == voice["29_5ecbplus.xml"] == voice["29_9ecbplus.xml"]
    others = [a for a in articles if a.source not in ("29_1ecbplus.xml", "29_5ecbplus.xml", "29_9ecbplus.xml")]
    assert others and all(a.voice != voice["29_1ecbplus.xml"] for a in others)
    # Voices are numbered in first-seen order.
    assert articles[0].voice == "v1"


def test_different_reports_of_one_event_rarely_merge(shared_data):
    """Across ECB+ topics 1-10, at most 2% of within-topic pairs score as copies."""
    pairs = merged = 0
    for topic in range(1, 11):
        paths = sorted((shared_data / "ecbplus" / str(topic)).glob("*.xml"))
        keys = [near_duplicate_key(build_article(_ecb_text(p), source=p.name)).signature for p in paths]
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                pairs += 1
                merged += similarity(keys[i], keys[j]) >= 0.5
    assert pairs > 1000
    assert merged / pairs <= 0.02


def test_exact_copy_and_unrelated_text():
    text = "The harbour reopened on Thursday after the storm. Ferries sailed at noon with 200 passengers."
    articles = [build_article(text, source="a.txt"), build_article("A different story about the council budget vote.", source="b.txt"),
                build_article(text, source="c.txt")]
    assign_voices(articles)
    assert [a.voice for a in articles] == ["v1", "v2", "v1"]


# Signatures computed by datasketch 2.0.0 (MinHash(num_perm=128, seed=1), update_batch over
# storydiff's shingles) on 2026-11-22, before storydiff dropped it: stores written since
# then hold such signatures, so ours must stay bit-identical to them.
_FERRY = ("Ferries left Reykjavík harbour at noon on Thursday, carrying 212 passengers "
          "and crew after the storm closed the port for two days, officials said.")
_FERRY_SIGNATURE = [
    155008352, 141613236, 760814876, 75265028, 323819506, 289506045, 152296986, 108782808,
    60616942, 256178728, 301158102, 550737279, 46993036, 39623667, 202395195, 504044215,
    80974689, 59636708, 42033141, 416873423, 14514014, 130210369, 652559491, 198039001,
    4021032, 163378600, 634682582, 178569176, 334616584, 10891851, 13244965, 68001816,
    259806660, 357879906, 542009160, 72834747, 63556920, 205709102, 39350084, 337666705,
    278759144, 90243306, 165338548, 243350469, 230605757, 473775090, 74359683, 83366974,
    267809718, 68522684, 238745026, 182419510, 39270068, 75433274, 109669050, 44825478,
    186433474, 173621459, 433552819, 150342918, 655179823, 328992547, 610728289, 388600604,
    395856980, 127814155, 123287818, 265544903, 206719086, 226221662, 70596969, 588221305,
    49688501, 513467936, 55040453, 111999231, 31558747, 24611524, 86160917, 275831178,
    208885088, 16864870, 30885662, 177230671, 7522072, 28927091, 272286785, 201203457,
    162707099, 73030944, 41341568, 514616251, 152597868, 338771205, 94339447, 178244493,
    57507861, 463045664, 25646354, 32825123, 40554894, 384624977, 139786380, 429767390,
    35945075, 411264536, 422443975, 270656784, 33810027, 58426047, 16808889, 161401058,
    332308734, 31373804, 183097644, 317810973, 88082356, 83903277, 41399722, 670596693,
    48411517, 110417081, 925079697, 53872501, 345964374, 110900882, 142583745, 129515194,
]
_SHORT_SIGNATURE = [
    2822445334, 3939728467, 2642340567, 1975566912, 2349722010, 1913212739, 1731317404,
    1322928800, 512278002, 4151912309, 807074415, 1379490457, 852971281, 2657055315, 4015131782,
    624184341, 2935170846, 2584036057, 645299414, 305147592, 4085541974, 1570585989, 2649601865,
    2185778903, 2208719770, 2278948355, 2075644178, 2796402246, 2876808784, 896500690,
    912443855, 1254881908, 1114044509, 2381904578, 1247054911, 2022764053, 1079369023,
    2971137098, 3960314596, 1105476078, 230778066, 2199235214, 952046074, 3535897031, 1443548868,
    2272755770, 188250363, 1411139014, 3802616608, 1112223245, 910058539, 3264733328, 3251331110,
    370255702, 4243708069, 1111447128, 146121776, 2522720472, 148884878, 710955811, 551303172,
    3441712092, 2549447420, 2588340628, 2917760293, 303386485, 4004883934, 1747021420,
    1840937081, 8333567, 1931577375, 255940864, 2775566366, 1568362072, 4080887514, 3942978032,
    265453987, 212435587, 3112253919, 1113796532, 3652911367, 189917263, 811075518, 1260431032,
    3379802758, 937626937, 3943746691, 528566590, 3993183931, 33402435, 1507088033, 1172147058,
    1739847015, 1447882505, 1747030687, 4233118243, 3402342356, 1080237963, 3180314046,
    515892618, 3958686281, 1865384884, 2244656963, 3312549642, 1881712629, 2051521193,
    4009861530, 1686745245, 3070257359, 1936667240, 1906838765, 2708403323, 430769139,
    749842858, 1419883611, 3456266818, 2727419319, 2383717978, 2598588479, 916355573, 2402507563,
    3707280311, 2636695029, 1236751515, 1891599926, 422984460, 772379235, 2169377265,
]  # "Three words only": fewer words than a shingle
#: sha256 of the packed ("<128Q") signatures, in file-name order.
_EXAMPLE_DIGEST = "b60c89ccda36ffc818a6279b721e47e138c395e288fd34c76436d0affecfa0d2"
_ECB_TOPIC1_DIGEST = "3e807156ac5a357c477bc8009f647113eb5df604d017bd4c87901d52750ea967"


def _digest(signatures: list[list[int]]) -> str:
    digest = hashlib.sha256()
    for signature in signatures:
        digest.update(struct.pack("<128Q", *signature))
    return digest.hexdigest()


def test_signature_is_datasketchs():
    assert near_duplicate_key(Article(text=_FERRY)).signature == _FERRY_SIGNATURE
    assert near_duplicate_key(Article(text="Three words only")).signature == _SHORT_SIGNATURE
    assert near_duplicate_key(Article(text="")).signature == [2**32 - 1] * 128


def test_signatures_of_real_articles_are_datasketchs(example_dir, shared_data):
    """The example's articles and ECB+ topic 1 (39 documents) give datasketch's values."""
    examples = sorted(example_dir.glob("*.txt"))
    assert _digest([minhash(list(shingles(p.read_text(encoding="utf-8")))) for p in examples]) == _EXAMPLE_DIGEST
    paths = sorted((shared_data / "ecbplus" / "1").glob("*.xml"))
    assert len(paths) == 39
    assert _digest([minhash(list(shingles(_ecb_text(p)))) for p in paths]) == _ECB_TOPIC1_DIGEST


def test_long_text_is_hashed_in_blocks_like_one():
    """Past one block of shingles the minimum over blocks equals the minimum over all."""
    items = [f"item {i}".encode() for i in range(3 * 4096 + 17)]
    whole = minhash(items)
    assert whole == [min(v) for v in zip(minhash(items[:5000]), minhash(items[5000:]))]
    assert minhash(list(reversed(items))) == whole


def test_stored_signature_round_trips():
    key = near_duplicate_key(Article(text=_FERRY))
    assert NearDuplicateKey.signature_from_bytes(key.to_bytes()) == key.signature


def test_voices_import_no_datasketch_or_scipy():
    """The cold run must not pay for datasketch/scipy.integrate (~1 s) again."""
    code = ("import sys; from storydiff.ingest.voices import near_duplicate_key; "
            "from storydiff.model import Article; near_duplicate_key(Article(text='one two three four five six')); "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
