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


def test_a_near_miss_shows_the_closest_passage_and_where_they_part():
    verdict = find("will certainly play an important role", EXCERPT)
    message = verdict.explain("will certainly play an important role")
    assert "will undoubtedly play an important role" in verdict.closest
    assert message.endswith("they part at «certainly play an im»")


def test_a_short_near_miss_shows_its_closest_passage_too():
    verdict = find("remains a secret", "The plans remain secret, officials said.")
    assert verdict.explain("remains a secret") == (
        "closest passage: «The plans remain secret, officials said.»; they part at «s a secret»")
    assert find("blue sky", "The plans remain secret.").explain("blue sky") == "no passage of the excerpt comes close"


def test_nothing_close_says_so():
    verdict = find("an entirely different sentence about the weather", "Short text.")
    assert verdict.explain("x") == "no passage of the excerpt comes close"


def test_a_cut_off_word_is_explained():
    verdict = find("target package", "assemble “target packages” for attacks")
    assert verdict.explain("target package").endswith("the excerpt's word goes on where the quotation stops")
