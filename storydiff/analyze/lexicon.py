"""Word lists shared by the analysis stages (titles, facilities, speech verbs, numbers).

Lower-case. Each list is the closed class a rule needs, written from general English news
usage (not from one article); extend a list rather than adding a special case to a stage.
"""

from __future__ import annotations

#: Head words of titles and roles people hold ("Foreign Minister", "Kremlin spokesperson").
TITLE_WORDS = frozenset("""
minister president secretary spokesperson spokesman spokeswoman chancellor governor mayor
senator sen congressman congresswoman representative rep ambassador envoy emissary adviser
advisor aide counsellor counselor director chairman chairwoman chair chairperson ceo cfo coo
cto chief premier king queen prince princess emir sheikh sultan general gen colonel col
commander admiral lieutenant lt captain capt sergeant sgt major marshal judge justice
attorney prosecutor officer head leader boss executive deputy vice official officials
spokespeople analyst correspondent editor reporter founder co-founder owner manager coach
pope bishop archbishop cardinal rabbi imam pastor reverend rev dr professor prof president-elect
member members delegate negotiator diplomat consul lawmaker legislator mp councillor
councilman councilwoman commissioner superintendent inspector sheriff chief-of-staff
treasurer controller comptroller auditor speaker whip leader chairs presidents ministers
secretaries ambassadors governors senators mayors director-general secretary-general
administrator ombudsman regent monarch dictator candidate nominee incumbent strategist
economist investor banker entrepreneur tycoon magnate oligarch activist campaigner researcher
scientist spokesmen spokeswomen host anchor presenter columnist commentator pilot
""".split())

#: Government portfolios that name a ministry before a title ("Defense Minister").
PORTFOLIO_WORDS = frozenset("""
defense defence finance foreign interior health education energy justice labor labour
agriculture economy economic trade transport transportation culture environment treasury
state home homeland security commerce emergency emergencies science industry development
housing veterans affairs digital tourism sports sport information communications defense
intelligence immigration welfare pensions employment fisheries water mines mining oil
petroleum planning budget revenue customs national public works infrastructure
""".split())

#: Words that end a facility name ("Ted Stevens Anchorage International Airport").
FACILITY_WORDS = frozenset("""
airport airfield airbase base station bridge stadium arena hospital hotel tower building
center centre hall palace square park port harbor harbour plant factory prison jail museum
cathedral church mosque temple synagogue street avenue road highway motorway freeway dam
tunnel terminal field compound embassy consulate library theatre theater mall market
pier dock wharf canal railway quay garrison fort barracks camp academy
""".split())

#: Zone names that the model tags ORG or NORP before "time" ("1500 Eastern time").
# Last words that make a name a region ("the Magadan Oblast", "Aceh Province"). Not
# "district" ("Unified School District" is an organisation) nor "state" ("Islamic State").
REGION_WORDS = frozenset("oblast province county prefecture krai governorate canton voivodeship okrug".split())

ZONE_WORDS = frozenset("""
eastern western central pacific mountain atlantic alaska hawaii greenwich moscow
""".split())

#: Verbs that introduce reported speech (lemmas).
SPEECH_VERBS = frozenset("""
say tell state add note ask explain write claim insist declare announce warn argue continue
reply respond describe mention express confirm deny admit acknowledge suggest predict
promise vow pledge tweet post report recall remark comment observe stress emphasize
emphasise assert contend maintain point reiterate repeat urge call testify allege
complain concede agree disagree answer counter joke quip muse shout yell whisper scream
told indicate caution boast brag charge accuse estimate conclude believe think
""".split())

#: Verbs that attribute a stance or finding whose content may be a to-clause or an object
#: ("vowed to", "called for a ban", "showed that"): PolNeAR annotates these as attributions.
STANCE_VERBS = frozenset("""
show find plan order back favor favour urge vow pledge promise refuse support oppose
criticize criticise attack praise blame accuse congratulate recall reveal release predict
expect hope want wish fear worry doubt know feel consider propose demand threaten
""".split())

#: What can "find" a plain object as a finding ("a CNN survey found 90 percent support",
#: "the inquiry found virtually nothing"): studies, polls, inquiries and verdicts. With
#: any other finder, "find" + object is locating or reaching ("find a way", "finding a
#: resolution"), not a stance.
INQUIRY_NOUNS = frozenset("""
study survey poll report analysis inquiry investigation probe review audit research paper
article jury panel test census
""".split())

#: Stance verbs that arrange when something happens. In the passive ("the talks planned
#: to take place this afternoon") they give a schedule, with no one holding a stance.
SCHEDULE_VERBS = frozenset("plan schedule slate".split())

#: Cue verbs whose content is denied rather than asserted.
DENIAL_VERBS = frozenset("deny reject dismiss refute disput dispute rebut".split())

#: Verbs and adjectives that make their complement planned or expected ("set to tour").
PLAN_WORDS = frozenset("""
plan schedule expect intend due set aim prepare propose hope seek want going slate
""".split())

#: Number words and their values.
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "dozen": 12, "score": 20, "half": 0.5, "a": 1, "an": 1, "both": 2, "couple": 2,
    "pair": 2, "single": 1, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}

#: Scale words that multiply the number before them ("3 million").
SCALE_WORDS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
               "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3, "mln": 1e6, "dozen": 12}

#: Vague quantities and the bounds the text allows for each.
VAGUE = {
    "several": (3, None), "a few": (2, 5), "few": (2, 5), "a couple of": (2, 3),
    "a handful of": (3, 6), "dozens of": (24, None), "hundreds of": (200, None),
    "thousands of": (2000, None), "millions of": (2e6, None), "billions of": (2e9, None),
    "many": (3, None), "numerous": (3, None), "scores of": (40, None),
}

# Short forms of English given names, to the full form (general knowledge; names with
# two full forms, such as Pat, are left out). Measured on ECB+ topics 1-35: CoNLL F1
# 0.7539 -> 0.7544 ("Mo Cheeks" / "Maurice Cheeks"). Rudy/Rudolph: "Rudolph W. Giuliani"
# (the Washington Post's form) and "Rudy Giuliani" in PolNeAR's 2016 news.
SHORT_GIVEN_NAMES = {
    short: full
    for full, shorts in {
        "robert": "bob bobby rob robbie", "william": "bill billy will willie",
        "michael": "mike mick", "james": "jim jimmy", "thomas": "tom tommy",
        "joseph": "joe joey", "daniel": "dan danny", "david": "dave", "christopher": "chris",
        "matthew": "matt", "nicholas": "nick", "anthony": "tony", "andrew": "andy",
        "benjamin": "ben", "samuel": "sam", "edward": "ed eddie ted", "charles": "charlie chuck",
        "richard": "dick rick ricky", "katherine": "kate katie kathy", "elizabeth": "liz beth",
        "jennifer": "jen jenny", "susan": "sue", "maurice": "mo", "alexander": "alex",
        "gregory": "greg", "jeffrey": "jeff", "jonathan": "jon", "lawrence": "larry",
        "frederick": "fred freddie", "kenneth": "ken kenny", "ronald": "ron ronnie",
        "donald": "don donnie", "timothy": "tim", "patrick": "paddy", "margaret": "peggy maggie",
        "rudolph": "rudy", "douglas": "doug", "raymond": "ray", "rebecca": "becky",
        "abraham": "abe", "zachary": "zach",
    }.items()
    for short in shorts.split()
}


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names name one person: equal, one the other's short form
    (Rudy / Rudolph), or one an initial of the other ("W." / "William").

    Args:
        a: a given name as written.
        b: another.

    Returns:
        True when they agree.
    """
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return SHORT_GIVEN_NAMES.get(a, a) == SHORT_GIVEN_NAMES.get(b, b)

#: Social media and messaging platforms: a medium, never a person or a place ("said on
#: Twitter", which the small model tags PERSON: PolNeAR's 2016 news writes it 200 times).
PLATFORMS = frozenset("""
twitter facebook instagram youtube tiktok snapchat linkedin reddit whatsapp telegram
tumblr pinterest weibo wechat periscope vine myspace
""".split())

# How far back a "he said" looks for the person it stands for: its own sentence and the
# three before it (``analyze.speakers`` and ``compare.coverage``). Read on every "he"/"she" quote
# speaker of the findings gold's twelve stories: most people they stand for are named 0-3
# sentences back; farther back the person named last was often wrong (Papandreou, 8
# back, for Varoufakis' words); the price, 5 right ones named 4-7 back are left
# unattributed (docs/quality.md, findings).
PRONOUN_REACH = 3
