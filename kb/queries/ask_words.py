"""The words around the concepts of a question: lay words, family words, lay phrases and intent cues.

Concepts are found by the vocabulary's matcher (kb.vocab.matcher); what a question
asks about them is read from the words left around them. Everything here is a
table, each entry short and local (a few words), never a whole-sentence
template, and every regex is linear (no nested quantifiers).

Lay words are rewritten before matching ("kids" -> "children", "dad" ->
"father"), so that "parentified kids" and "alcoholic dad" find their concepts by
the vocabulary's own terms. Lay phrases with a slot the vocabulary cannot hold as
a term ("leans on his daughter", "takes care of her", "can't say no") name a
concept here; a lay word that is a term of one concept ("guilt", "ACoA") is a
synonym in vocabulary.yaml instead. Everyday words that a question uses for a
concept but that do not name it in a clinician's text ("drinks" for heavy
drinking, "feels guilty" for chronic guilt, "cutting" for self-harm) are lay
phrases here, not synonyms: a synonym also tags articles and counts as their
findings, where "she felt guilty once" or "he cut his hours" is no such finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------- lay words

LAY_WORDS: dict[str, str] = {
    "kid": "child",
    "kids": "children",
    "kiddo": "child",
    "dad": "father",
    "daddy": "father",
    "dads": "fathers",
    "mom": "mother",
    "mum": "mother",
    "mommy": "mother",
    "mummy": "mother",
    "ma": "mother",
    "moms": "mothers",
    "mums": "mothers",
    "hubby": "husband",
    "grandma": "grandmother",
    "granny": "grandmother",
    "grandpa": "grandfather",
    "folks": "parents",
    "teenager": "adolescent",
    "teen": "adolescent",
}

# ---------------------------------------------------------------------------------------------- family words


@dataclass(frozen=True)
class Kin:
    """A family word: which side of which relation the person is on, and the gender it implies."""

    relation: str  # parent-child, sibling, partner, grandparent-grandchild
    side: str  # a (parent, grandparent, either sibling or partner) or b (child, grandchild)
    gender: str | None
    plural: bool = False


def _kin(relation: str, side: str, gender: str | None, *words: str) -> dict[str, Kin]:
    out = {}
    for w in words:
        out[w] = Kin(relation, side, gender)
        plural = w + ("ren" if w.endswith("child") else "s")
        out[plural] = Kin(relation, side, gender, plural=True)
    return out


KIN_WORDS: dict[str, Kin] = {
    **_kin("parent-child", "a", "female", "mother"),
    **_kin("parent-child", "a", "male", "father"),
    **_kin("parent-child", "a", None, "parent"),
    **_kin("parent-child", "b", "male", "son"),
    **_kin("parent-child", "b", "female", "daughter"),
    **_kin("parent-child", "b", None, "child"),
    **_kin("sibling", "a", "male", "brother"),
    **_kin("sibling", "a", "female", "sister"),
    **_kin("sibling", "a", None, "sibling"),
    **_kin("partner", "a", "male", "husband"),
    **_kin("partner", "a", "female", "wife"),
    **_kin("partner", "a", None, "spouse", "partner"),
    **_kin("grandparent-grandchild", "a", "female", "grandmother"),
    **_kin("grandparent-grandchild", "a", "male", "grandfather"),
    **_kin("grandparent-grandchild", "a", None, "grandparent"),
    **_kin("grandparent-grandchild", "b", "male", "grandson"),
    **_kin("grandparent-grandchild", "b", "female", "granddaughter"),
    **_kin("grandparent-grandchild", "b", None, "grandchild"),
    "wives": Kin("partner", "a", "female", plural=True),
    "marriage": Kin("partner", "a", None),
    "married": Kin("partner", "a", None),
    "couple": Kin("partner", "a", None),
    "couples": Kin("partner", "a", None, plural=True),
}

# --------------------------------------------------------------------------------------------- lay phrases

_CHILD = r"(?:daughters?|sons?|child|children|kids?|adolescents?|teenagers?)"
_POSS = r"(?:(?:his|her|their|a|an|the|one's|my) )?(?:(?:own|only|eldest|oldest|youngest|teenage|adult|little) )?"
_PARENT = r"(?:mothers?|fathers?|parents?|mom|dad|mum)"

LAY_PHRASES: list[tuple[re.Pattern[str], str]] = [
    # a parent relying on a child for emotional support: "overreliance on a child" (emotional dependence)
    (
        re.compile(
            rf"\b(?:lean|leans|leaned|leaning|relies|rely|relied|relying) (?:heavily |emotionally |so much )?on "
            rf"{_POSS}{_CHILD}\b"
        ),
        "emotional-dependence",
    ),
    # looking after someone at one's own expense
    (re.compile(r"\b(?:take|takes|took|taking|taken) care of\b"), "caretaking"),
    (re.compile(rf"\b(?:look|looks|looked|looking) after (?:her|his|their) {_PARENT}\b"), "caretaking"),
    # not able to refuse: the need to please
    (re.compile(r"\bsay(?:s|ing)? no\b"), "people-pleasing"),
    # pulled into the parents' conflict
    (re.compile(r"\b(?:caught|stuck|put|placed|trapped) in the middle\b"), "triangulation"),
    # children carrying messages between parents
    (
        re.compile(
            r"\b(?:carr(?:y|ies|ied|ying)|pass(?:es|ed|ing)?|deliver(?:s|ed|ing)?|relay(?:s|ed|ing)?) messages?\b"
        ),
        "using-child-as-messenger",
    ),
    # a child made a parent's confidant
    (
        re.compile(
            r"\b(?:daughters?|sons?|child|children|kids?) as (?:a |an |her |his |their )?"
            r"(?:confidante?s?|best friends?|therapists?|emotional support)\b"
        ),
        "confiding-in-child",
    ),
    # keeping a family secret
    (re.compile(r"\b(?:keep|keeps|kept|keeping) (?:it |things |everything )?(?:a )?secrets?\b"), "family-secrecy"),
    # covering up for someone's drinking or gambling
    (re.compile(r"\b(?:cover|covers|covered|covering) (?:up )?for\b"), "enabling"),
    # a child translating for parents
    (
        re.compile(r"\btranslat(?:e|es|ed|ing) for (?:her |his |their |the )?(?:immigrant |elderly )?parents?\b"),
        "language-broker",
    ),
    # a parent calling all the time
    (
        re.compile(
            r"\b(?:calls?|called|calling|texts?|texted|texting|phones?|phoned) (?:her|him|them|me) "
            r"(?:constantly|all the time|every day|(?:\w+ ){1,2}times a day)\b"
        ),
        "excessive-contact",
    ),
    # turning the children against the other parent
    (re.compile(r"\bbad-?mouth(?:s|ed|ing)?\b"), "parental-alienation"),
    # nobody may speak of it
    (
        re.compile(r"\b(?:nobody|no one|no-one) (?:talks?|talked|speaks?|spoke|mentions?|mentioned) (?:about|of)\b"),
        "family-secrecy",
    ),
    # a child made a parent's therapist or confidant
    (
        re.compile(
            r"\b(?:became|becomes|become|becoming|was|is|acts? as|acted as|like) (?:her|his|their) "
            r"(?:mother|father|parent|mom|dad|mum)(?:'s|s')? (?:therapist|confidante?|counsell?or|best friend)\b"
        ),
        "confiding-in-child",
    ),
    # alcohol as the topic of a question ("not about alcohol"); its longer terms are matched first
    (re.compile(r"\balcohol\b"), "alcohol-use-problem"),
    # severing contact
    (re.compile(r"\bcut(?:s|ting)? (?:off|ties with|contact with)\b"), "cutting-off-contact"),
    # a parent who cannot let a child have a life of their own
    (
        re.compile(
            r"\b(?:too|overly|over-?) ?involved in (?:her|his|their|the) (?:adult )?(?:daughter|son|child|children)"
            r"(?:'s|s')? li(?:fe|ves)\b"
        ),
        "enmeshment",
    ),
    (
        re.compile(
            r"\b(?:can't|cannot|can not|won't|unable to) let (?:go of )?(?:her|his|their) "
            r"(?:adult )?(?:daughter|son|child|children)\b"
        ),
        "enmeshment",
    ),
    # a sibling in a parent's place
    (
        re.compile(r"\bsiblings? (?:is|was|as|acting as|who is) (?:the |a )?(?:caretaker|carer|caregiver)\b"),
        "caretaker-sibling",
    ),
    # guilt about leaving the family, before guilt in general
    (
        re.compile(r"\bguilty (?:about|for|over|when) (?:leaving|moving out|moving away|going away)\b"),
        "separation-guilt",
    ),
    # a grown child who does not leave home
    (
        re.compile(
            r"\b(?:won't|will not|can't|cannot|doesn't|does not|never) (?:leave|move out of|move away from) home\b"
        ),
        "separation-individuation-difficulty",
    ),
    # a child nobody sees
    (re.compile(r"\bchild(?:ren)? (?:is|was|are|were|feels?|felt) (?:invisible|forgotten)\b"), "lost-child"),
    # a parent who is not there ("the dad is never around"); the parent is read as a family word
    (
        re.compile(r"\b(?:is|was|were|are) (?:never|hardly ever|rarely|not|seldom) (?:around|there|home)\b"),
        "absent-parent",
    ),
    # apologizing for existing
    (
        re.compile(
            r"\b(?:always|constantly|keeps?|over-?) ?apologi[sz](?:e|es|ed|ing)\b"
            r"|\bapologi[sz](?:e|es|ing) all the time\b"
        ),
        "people-pleasing",
    ),
    # a grown child of drinking parents, before a parent's drinking in general
    (
        re.compile(
            r"\bwhose (?:parents?|mother|father|mom|dad|mum) (?:drank|drink|drinks|were alcoholics|was an alcoholic)\b"
        ),
        "adult-children-of-alcoholics",
    ),
    # the no-talk rule, described
    (
        re.compile(
            r"\b(?:won't|will not|doesn't|don't|does not|do not|never|can't|cannot) "
            r"talk about (?:feelings|it|anything)\b"
        ),
        "family-secrecy",
    ),
    # a parent who decides for the child
    (
        re.compile(r"\bnever let (?:her|him|them) (?:make|take) (?:her|his|their) own (?:choices|decisions)\b"),
        "intrusiveness",
    ),
    # a child as a parent's emotional support
    (
        re.compile(r"\bas (?:her|his|their|a) (?:parent|mother|father|mom|dad|mum)(?:'s|s') emotional support\b"),
        "parentification",
    ),
    # an addict or an alcoholic (the person) in a question is the addiction; "alcoholic father" is matched first
    (re.compile(r"\baddicts?\b"), "substance-use-problem"),
    (re.compile(r"\balcoholics?\b"), "alcohol-use-problem"),
    # a person's drinking, in a question, is the worry; the vocabulary's longer terms ("problem drinking") first
    (re.compile(r"\b(?:drinks|drank|drunk|drinking|drinker|drinkers)\b"), "heavy-drinking"),
    # feeling guilty, in a question, is the lasting guilt a client brings
    (re.compile(r"\b(?:feels?|felt|feeling) (?:so |very |really |always |constantly )?guilty\b"), "chronic-guilt"),
    (re.compile(r"\bguilty feelings?\b"), "chronic-guilt"),
    # "cutting" alone, in a question, is self-harm (cutting off contact is matched above)
    (re.compile(r"\bcutting\b(?! (?:off|ties|contact|back|down))"), "self-harm"),
]

# ------------------------------------------------------------------------------------------------ intent cues

# Cues are searched in the question's "skeleton": lower-cased, each concept mention replaced by X.
# A cue inside a concept's words never counts ("family therapy" is an intervention, not the cue "therapy").


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


INTERVENTION = _any(
    r"\binterventions?\b",
    r"\btreatments?\b",
    r"\btreat(?:s|ed|ing)?\b",
    r"\btherap(?:y|ies)\b",
    r"\b(?:therapeutic )?approach(?:es)?\b",
    r"\btechniques?\b",
    r"\bstrateg(?:y|ies)\b",
    r"\btools?\b",
    r"\bmethods?\b",
    r"\boptions?\b",
    r"\bhelp(?:s|ed|ing|ful)?\b",
    r"\bsupport(?:s|ed|ing)?\b",
    r"\bworks?\b",
    r"\bworked\b",
    r"\bdo(?:ne)? (?:about|for|with)\b",
    r"(?<!the )\bdeal(?:s|t|ing)? with\b",  # not "what's the deal with"
    r"\bhandl(?:e|ed|es|ing)\b",
    r"\bmanag(?:e|ed|es|ing)\b",
    r"\baddress(?:ed|es|ing)?\b",
    r"\btackl(?:e|ed|es|ing)\b",
    r"\bcop(?:e|es|ing) with\b",
    r"\brecommend",
    r"\bintervene\b",
    r"\bways? (?:to|of)\b",
    r"\bhow (?:to|do|does|can|could|should|would|might|did|are|is|was|were)\b",
    r"\bovercom",
    r"\bheal(?:s|ed|ing)?\b",
    r"\bfix\b",
    r"\bresolv",
    r"\bget (?:over|past|out of)\b",
    r"\bwhat (?:do|can|should|could|would) (?:i|we|you|one|a therapist|therapists|a clinician|clinicians)\b",
    r"\btried\b",
    r"\btr(?:y|ies|ying) (?:for|with)\b",
)
OUTCOME = _any(
    r"\boutcomes?\b",
    r"\bresults?\b",
    r"\beffects?\b",
    r"\beffective(?:ness)?\b",
    r"\bhappen(?:s|ed)?\b",
    r"\bfollow(?:s|ed|ing)?\b",
    r"\bafter\b",
    r"\bsuccess(?:ful)?\b",
    r"\bimprove(?:s|d|ment)?\b",
    r"\bchange[sd]?\b",
    r"\buseful\b",
    r"\bhelpful\b",
    r"\bany good\b",
    r"\bworth\b",
    r"\bturn(?:s|ed)? out\b",
    r"\b(?:lead|leads|led) to\b",
    r"\b(?:helped|improved|changed) by X\b",
    r"\bhow did X go\b",
    r"\b(?:did|does|do|has|have|is|was|can|could|will|would) X (?:help|work|improve|change|make)",
)
USED_FOR = _any(
    r"\bused? (?:for|with|in|on|to|against)\b",
    r"\buses? of\b",
    r"\buse X (?:for|with|in|on)\b",
    r"\bfor what\b",
    r"\bwhat (?:is|was|are|were|'s) X (?:for|good for)\b",
    r"\bgood for\b",
    r"\btarget(?:s|ed|ing)?\b",
    r"\baim(?:s|ed)? at\b",
    r"\bapplied (?:to|for|in)\b",
    r"\bindicated (?:for|in)\b",
    r"\bwhen (?:is|was|are|were|to|do|does|should|would) (?:you |one |we |a therapist |therapists )?(?:use|used|X)\b",
    r"\bwhat (?:does|did|do|can|could) X (?:treat|address|target|help with|help for|help in|work on|focus on|"
    r"deal with|tackle)\b",
    r"\b(?:which|what) (?:patterns?|problems?|issues?|behaviou?rs?|roles?|difficulties|conditions?|things?) "
    r"(?:was|were|is|are|did|does|do|has|have|can|could) X\b",
)
PROFILE = _any(
    r"\bgo(?:es)? (?:with|along with|together with|alongside|hand in hand with)\b",
    r"\bwent with\b",
    r"\bcomes? with\b",
    r"\bassociated\b",
    r"\blinked\b",
    r"\bco-? ?occur",
    r"\boccurs? (?:with|in|alongside)\b",
    r"\baccompan",
    r"\btypical(?:ly)?\b",
    r"\bcommon(?:ly)?\b",
    r"\busual(?:ly)?\b",
    r"\bseen (?:in|with|alongside)\b",
    r"\bfound (?:in|with)\b",
    r"\bappear (?:in|with)\b",
    r"\bshow up (?:in|with)\b",
    r"\bprofile\b",
    r"\b(?:full |whole |big )?picture\b",
    r"\boverview\b",
    r"\binvolved in\b",
    r"\bwho (?:is|are|was|were) (?:usually |typically |often )?(?:involved|found|seen)\b",
    r"\bplay(?:s|ed|ing)?\b",
    r"\bcluster",
    r"\bpart of\b",
    r"\bsigns? of\b",
    r"\bfeatures? of\b",
    r"\bcharacteri[sz]",
)
FOCUS = re.compile(
    r"\b(?P<focus>roles?|behaviou?rs?|patterns?|problems?|issues?|dynamics?|interventions?|treatments?|"
    r"therap(?:y|ies)|outcomes?|results?)\b"
)
VIGNETTES = _any(
    r"\bcases?\b",
    r"\bvignettes?\b",
    r"\bexamples?\b",
    r"\bstor(?:y|ies)\b",
    r"\binstances?\b",
    r"\billustrat",
    r"\bscenarios?\b",
    r"\bcase studies\b",
)
VIGNETTES_WEAK = _any(
    r"\b(?:clients?|families|family|people|persons?|someone|anyone|anybody|adults?|women|men|couples?) "
    r"(?:with|who|where|whose|in which|that|having|showing|dealing)\b",
    r"^X (?:who|whose|that)\b",  # "clients who self-harm": the client, a concept, is X in the skeleton
    r"\bwhere (?:the|a|an|there|X)\b",
    r"\bin which\b",
    r"\b(?:show|find|list|give|get|any|all)\b",
    r"\b(?:with|involving|featuring|having|showing|about|containing|including|combining)\b",
)
DEFINE = _any(
    r"\bdefin(?:e|ed|ition|itions)\b",
    r"\bmeaning\b",
    r"\bmeans?\b",
    r"\bstand for\b",
    r"\bwhat is meant by\b",
    r"\bwhat (?:does|do|did) X (?:mean|stand for|refer to|involve|look like)\b",
)
DEFINE_WEAK = _any(
    r"^(?:so )?(?:what|who)(?:'s| is| are| was| were|s) (?:an? |the )?(?:so-called )?(?:X|term X)\b",
    r"^(?:explain|describe|tell me about|what about|talk about|info on|information on|information about)\b",
    r"\bexplain\b",
    r"^X$",
    r"\bis (?:X|this|it) (?:a|an) (?:pattern|role|behaviou?r|intervention|outcome|thing|diagnosis)\b",
)
COMPARE = _any(
    r"\bcompar(?:e|ed|es|ing|ison)\b",
    r"\bdifferen(?:ce|ces|t|tiate|tiating)\b",
    r"\bdiffers?\b",
    r"\bdistinguish",
    r"\bversus\b",
    r"\bvs\.?(?=\s|$)",
    r"\bcontrast",
    r"\bside by side\b",
    r"\btell (?:them|X and X) apart\b",
    r"\b(?:is (?:it|this|that) |^)X or X\b",
    r"\b(?:is|are|was|were) X (?:the same (?:thing )?as|different from|like) X\b",
)
SIMILAR = re.compile(
    r"(?<!would )(?<!'d )(?<!i )(?<!we )\b(?:just |more |most |a lot |much )?"
    r"(?:like|resembl(?:e|es|ing)|similar(?:ly)? (?:(?:cases|vignettes|stories|ones) )?(?:to|with)|"
    r"comparable (?:to|with)|akin to|same as)"
    r"(?! to\b)\s+(?P<ref>.+)$"
)

# words that say nothing about what is asked: never looked at for typos, never reported as unknown
FILLER = frozenset(
    """a an the of in on at to for from with by and or but if so as is are was were be been being am do does did
    done doing have has had having what which who whom whose when where why how this that these those there
    here it its it's they them their theirs he him his she her hers we us our you your yours i me my mine one
    ones some any all both each every either neither no not nor only own same such than too very can could
    may might must shall should will would just also about into over under again further then once more most
    other others another much many few lot lots thing things something anything everything nothing way ways
    please pls kindly show tell give get find list see look looking want need know like let me us help helps
    helped helping work works worked use used using case cases vignette vignettes example examples story
    stories instance instances client clients patient patients family families people person someone anyone
    somebody anybody therapist therapists clinician clinicians counselor counselors practitioner practitioners
    treatment treatments treat treated treating therapy therapies intervention interventions approach
    approaches option options strategy strategies technique techniques tool tools method methods support
    supports supporting role roles behavior behaviors behaviour behaviours pattern patterns outcome outcomes
    result results effect effects effective happen happened happens follow followed follows after before
    define definition meaning mean means explain describe compare comparison difference differences versus vs
    similar typical typically common commonly usual usually go goes went associated linked involved seen found
    occur occurs play plays done deal dealing handle manage address tackle cope recommend best good better
    worse issue issues problem problems dynamic dynamics kind kinds type types sort sorts feel feels felt
    feeling emotionally emotional really often sometimes always never still even ever quite rather something
    out up down off around through during without within between among toward towards against because while
    since until unless whether being did does doing""".split()
)
AGENT_ROLES = frozenset({"client", "therapist"})  # who acts or is helped in the question, not what is asked about

# words of the cues, for correcting a misspelt one ("intervnetions"): only words of 6 letters or more
CUE_WORDS = sorted(
    """interventions intervention treatments treatment therapies approaches techniques strategies vignettes
    vignette examples example outcomes outcome results effects happened followed compare difference between
    define definition meaning explain behaviors behaviours patterns similar associated""".split()
)
