import pytest

from builder.core.quotes import find

EXCERPT = (
    "In a statement responding to inquiries, the Pentagon said it “will undoubtedly play an important role "
    "toward meeting the President’s objective to eliminate the ability of these cartels to threaten U.S. "
    "territory,” effectively confirming the preparations. If executed, the campaign would mark the first "
    "time U.S. forces conduct overt strikes inside Mexico since the 19th century.\n\n"
    "Military planners are weighing the political sensitivities alongside an urgency to curb fentanyl\n"
    "trafficking, which has killed more than 225,000 Americans over the past three years."
)
SPANISH = "La presidenta Claudia Sheinbaum rechazó la intervención: «No aceptamos ninguna acción militar en México»."


@pytest.mark.parametrize(
    "quotation, excerpt, found",
    [
        # exact
        ("will undoubtedly play an important role", EXCERPT, True),
        # curly versus straight quotes and apostrophes
        ("meeting the President's objective", EXCERPT, True),
        # wrapped lines and extra whitespace
        ("curb fentanyl   trafficking,\n which has killed", EXCERPT, True),
        # the case of the first letter only
        ("Effectively confirming the preparations", EXCERPT, True),
        ("effectively Confirming the preparations", EXCERPT, False),
        # elisions in three spellings, in order
        ("the first time U.S. forces … since the 19th century", EXCERPT, True),
        ("the first time U.S. forces ... since the 19th century", EXCERPT, True),
        ("the first time U.S. forces […] since the 19th century", EXCERPT, True),
        ("since the 19th century … the first time", EXCERPT, False),
        # a bracketed insertion stands for a short span
        ("[the Pentagon] will undoubtedly play an important role", "It will undoubtedly play an important role.", True),
        ("the ability of [the cartels] to threaten", EXCERPT, True),
        # one changed word is caught
        ("will certainly play an important role", EXCERPT, False),
        # a quotation ends and starts on whole words
        ("will undoubtedly play an important rol", EXCERPT, False),
        ("ill undoubtedly play", EXCERPT, False),
        # a reordered phrase is caught
        ("play an undoubtedly important role", EXCERPT, False),
        # a quotation may span two paragraphs of the excerpt
        ("since the 19th century. Military planners are weighing", EXCERPT, True),
        # hyphen and dash variants
        ("the first time U.S. forces conduct overt strikes—inside Mexico", "the first time U.S. forces conduct overt strikes-inside Mexico", True),
        # a trailing comma or full stop inside the quotation marks is typography
        ("to threaten U.S. territory,", EXCERPT, True),
        ("225,000 Americans over the past three years.", EXCERPT, True),
        # accented Spanish, with guillemets
        ("No aceptamos ninguna acción militar en México", SPANISH, True),
        ("rechazó la intervención", SPANISH, True),
        ("rechazo la intervencion", SPANISH, False),
    ],
)
def test_matcher(quotation, excerpt, found):
    assert find(quotation, excerpt).found is found


def test_a_near_miss_shows_the_differing_words_side_by_side():
    verdict = find("will certainly play an important role", EXCERPT)
    assert verdict.explain("x").startswith("«certainly» where the excerpt has «undoubtedly»; closest passage: «")
    assert "will undoubtedly play an important role" in verdict.closest
    quotation = "and secures the Homeland and its approaches"
    verdict = find(quotation, "The plan defends the Hemisphere, and secures the Hemisphere and its approaches.")
    assert verdict.difference == "«Homeland» where the excerpt has «Hemisphere»"
    assert quotation[verdict.differs_at:].startswith("Homeland")  # where the editor's cursor should go


def test_a_short_near_miss_shows_its_closest_passage_too():
    verdict = find("remains a secret", "The plans remain secret, officials said.")
    assert verdict.explain("remains a secret") == (
        "«remains a» where the excerpt has «remain»; closest passage: «The plans remain secret, officials said.»")
    assert find("blue sky", "The plans remain secret.").explain("blue sky") == "no passage of the excerpt comes close"


def test_words_the_quotation_leaves_out_without_an_elision_are_named():
    verdict = find("the plans remain secret", "Officials said the plans will remain secret.")
    assert verdict.difference == "the excerpt has «will» here, which the quotation leaves out"
    assert "the plans remain secret"[verdict.differs_at:] == "remain secret"


def test_the_closest_passage_never_cuts_a_word():
    excerpt = ("Officials described a campaign of strikes on boats in international waters, launched without any "
               "vote of Congress, and said it would go on for months while the Pentagon drafted plans for more.")
    verdict = find("the Pentagon drew up plans", excerpt)
    words = set(excerpt.replace(",", " ").replace(".", " ").split())
    shown = verdict.closest.strip("…").replace(",", " ").replace(".", " ").split()
    assert shown and all(word in words for word in shown)


def test_an_insertion_may_stand_between_two_words_of_the_original():
    excerpt = "The operation, led by Joint Task Force Bravo, began in March."
    assert find("Led by [the] Joint Task Force", excerpt).found
    assert find("[The operation was] led by Joint Task Force Bravo", excerpt).found
    assert find("led by Joint Task Force [Bravo, the unit based in Honduras,]", excerpt).found
    assert not find("led by [the] Joint Chiefs", excerpt).found


def test_nothing_close_says_so():
    verdict = find("an entirely different sentence about the weather", "Short text.")
    assert verdict.explain("x") == "no passage of the excerpt comes close"


def test_a_cut_off_word_is_explained():
    verdict = find("target package", "assemble “target packages” for attacks")
    assert verdict.difference == "«package» where the excerpt has «packages»"


def test_a_changed_first_word_is_set_beside_the_excerpts_word_in_its_place():
    excerpt = "Coast Guard data show that a cutter stopped a semi-submersible carrying 140 kilograms of cocaine."
    assert find("seized a semi-submersible carrying", excerpt).difference == "«seized» where the excerpt has «stopped»"
