from hypothesis import given
from hypothesis import strategies as st

from simpul.core.export import neutralise, unneutralise


def test_it_neutralises_cells_that_start_like_formulas():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise("+62812") == "'+62812"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-") == "'-"
    assert neutralise("Keripik") == "Keripik"
    assert neutralise(-5) == -5


@given(st.text())
def test_neutralising_then_reading_back_returns_the_original_text(text):
    assert unneutralise(neutralise(text)) == text
