"""Whose overdose or self-harm: a parent's is parental mental health, a child's is self-harm (TAXONOMY §2.1)."""

import pytest


@pytest.mark.parametrize(
    "text, mention, category",
    [
        ("The mother took an overdose in March.", "took an overdose", "parental_mental_health"),
        ("Mother's history of violence; admitted to hospital after two reported overdoses.", "overdoses", "parental_mental_health"),
        ("Child E (15) attended ED after an overdose of paracetamol.", "overdose", "self_harm"),
        ("The father had a history of self-harm.", "self-harm", "parental_mental_health"),
        ("Mr K said he had suicidal thoughts after the baby was born.", "suicidal thoughts", "parental_mental_health"),
        ("Child S told the school nurse about her self-harm.", "self-harm", "self_harm"),
        ("Sibling 2 is 14. She has been cutting her arms since May.", "cutting her arms", "self_harm"),
        ("She attended the Emergency Department after an overdose.", "overdose", "parental_mental_health"),  # no one named
        ("There was self-harm in the family history.", "self-harm", "self_harm"),  # the lexicon's category stands
        ("Her mother took her to the GP, who saw fresh cuts on her thighs.", "fresh cuts on her thighs", "self_harm"),  # GP nearer
        ("Child Y's father took his own life when she was eight.", "took his own life", "death"),
        # "he"/"she" with no one nearer: the nearest child or family member of that gender, in earlier sentences too
        ("Child E told a teacher about the threats. The academy told his parents. Later he took an overdose.",
         "took an overdose", "self_harm"),  # "his parents" cannot be "he"
        ("Child K said she had been hit by her stepfather. In May she was admitted after an overdose.",
         "overdose", "self_harm"),  # "her stepfather" cannot be "she"
        ("A mother who killed her son had told her GP that she was having suicidal thoughts.",
         "suicidal thoughts", "parental_mental_health"),  # the GP is nearer, but "she" is the mother
        # a child's age in the clause makes it a child's, whoever was named before
        ("Her mother reported her missing. She began to self-harm and took an overdose at 15.",
         "took an overdose", "self_harm"),
        ("Mother took an overdose at 10 pm.", "took an overdose", "parental_mental_health"),  # a time, not an age
        ("Jamie was found at his uncle's flat. He had been cutting his arms since he was twelve.",
         "cutting his arms", "self_harm"),  # "his uncle's" is a possessor, not whom "He" means; and an age clause
        ("Her mother said she had taken an overdose when she was 14.", "overdose",
         "parental_mental_health"),  # the mother's own history: the age clause does not make it the child's
        # a professional with a possessive pronoun before them: the pronoun's owner
        ("Mother had been treated by her GP for self-harm as a teenager.", "self-harm", "parental_mental_health"),
        ("Child E saw his GP after an overdose.", "overdose", "self_harm"),
        ("Two of the young people had taken an overdose in the preceding year.", "overdose", "self_harm"),
    ],
)
def test_concern_owner_sets_category(nlp, text, mention, category):
    doc = nlp(text)
    assert [(s.text, s.label_) for s in doc.spans["concerns"] if s.text == mention] == [(mention, category)]


def test_concern_owner_leaves_other_concerns(nlp):
    doc = nlp("The mother took an overdose; the baby had a bruise and the father was drunk.")
    assert [(s.text, s.label_) for s in doc.spans["concerns"]] == [
        ("took an overdose", "parental_mental_health"),
        ("bruise", "physical_injury"),
        ("drunk", "substance_misuse"),
    ]
