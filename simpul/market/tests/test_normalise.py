"""The search key: spelling variants and word forms of Indonesian product names meet."""

import pytest

from simpul.market.normalise import fold, spelling_variants, text_key, tokens, word_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("keripik", "kripik"),
        ("Keripik", "KRIPIK"),
        ("kerupuk", "krupuk"),
        ("cokelat", "coklat"),
        ("kopii", "kopi"),
        ("Tjap", "cap"),
        ("djahe", "jahe"),
        ("anyaman", "anyam"),
        ("olahan", "olah"),
        ("tenunan", "tenun"),
        ("kerajinan", "krajinan"),
        ("batiknya", "batik"),
        ("Kéripik", "keripik"),
    ],
)
def test_it_gives_spelling_variants_and_word_forms_one_key(one, other):
    assert word_key(fold(one)) == word_key(fold(other))


@pytest.mark.parametrize(
    ("word", "key"),
    [("keripik", "kripik"), ("ikan", "ikan"), ("bahan", "bahan"), ("batik", "batik"), ("gerabah", "grabah")],
)
def test_it_keeps_short_words_and_roots_as_they_are(word, key):
    assert word_key(word) == key


def test_it_tells_different_products_apart():
    assert word_key("keripik") != word_key("kerupuk")
    assert word_key("batik") != word_key("batu")


def test_it_drops_stop_words_punctuation_and_duplicates():
    assert tokens("Keripik & kripik dari Tuban, 250 gr!") == ["kripik", "tuban", "250", "gr"]
    assert text_key("  Batik Tulis  ") == "batik tulis"


def test_it_spells_a_key_back_for_a_substring_match():
    assert set(spelling_variants("kripik")) == {"kripik", "keripik"}
    assert "kerajin" in spelling_variants("krajin")
    assert spelling_variants("batik") == ["batik"]
