"""Cell parsers against the values officers actually type (no database, no Django)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simpul.ingest import parsers as p

FAKE_NIK = "3523011005709001"  # invented; structurally valid (Tuban, born 10-05-1970, serial 9001)


# ------------------------------------------------------------------------------------------
# Missing values
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "\xa0", "-", "--", " - ", "\u2013", "*", "n/a", "N/A", "#N/A", "tidak ada", "Tidak Ada ",
     "belum ada", ".", float("nan"), Decimal("NaN"), "'-", "\u200b"],
)  # fmt: skip
def test_placeholders_count_as_missing(value: object) -> None:
    assert p.is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", False, "x", "Pangan", dt.date(2020, 1, 1)])
def test_zero_and_real_values_are_not_missing(value: object) -> None:
    assert not p.is_missing(value)


def test_missing_cell_is_ok_with_no_value_and_no_message() -> None:
    result = p.parse_number("-")
    assert (result.ok, result.missing, result.value, result.message) == (True, True, None, None)


def test_require_turns_missing_into_an_error_naming_the_field() -> None:
    assert p.require(p.parse_text(""), "Nama usaha").message == "Nama usaha wajib diisi."
    assert p.require(p.parse_text("UD Contoh"), "Nama usaha").value == "UD Contoh"


def test_excel_error_codes_are_reported_not_treated_as_missing() -> None:
    result = p.parse_number("#REF!")
    assert not result.ok and "galat rumus Excel" in (result.message or "")


# ------------------------------------------------------------------------------------------
# Numbers
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", "1234567"),
        ("1.234,5", "1234.5"),
        ("39.600.", "39600"),
        ("1,5", "1.5"),
        ("1,234,567", "1234567"),
        ("1,234.5", "1234.5"),
        ("1.234", "1234"),  # one dot + exactly three digits = Indonesian thousands
        ("1.5", "1.5"),  # one or two digits after a single dot = decimal
        ("1.25", "1.25"),
        ("0.500", "0.5"),  # a zero integer part is never a thousands group
        ("1234.567", "1234.567"),  # four-digit integer part cannot be a thousands group
        (39600.0, "39600"),
        (12, "12"),
        (Decimal("2.50"), "2.5"),
        ("12 orang", "12"),
        ("5 unit", "5"),
        ("1,5 ton", "1.5"),
        ("± 50", "50"),
        ("kurang lebih 20", "20"),
        ("5.000,-", "5000"),
        ("'1.000", "1000"),
        (" 7\xa0", "7"),
        (",5", "0.5"),
        ("3,5E+3", "3500"),
    ],
)
def test_parse_number_reads_indonesian_and_english_formats(text: object, expected: str) -> None:
    result = p.parse_number(text)
    assert result.ok and result.value == Decimal(expected), result


@pytest.mark.parametrize("text", ["5-10", "10/12", "5 s.d. 10", "3 atau 4"])
def test_parse_number_refuses_two_numbers(text: str) -> None:
    result = p.parse_number(text)
    assert not result.ok and "lebih dari satu angka" in (result.message or "")


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1,2,3", "12.05.2019", "Rp 5.000", "1..5"])
def test_parse_number_rejects_non_numbers_with_a_message(text: str) -> None:
    result = p.parse_number(text)
    assert not result.ok and text.split()[0] in (result.message or "")


def test_parse_number_rejects_negative_unless_allowed() -> None:
    refused = p.parse_number("-5")
    assert not refused.ok and "negatif" in (refused.message or "")
    assert p.parse_number("-5", allow_negative=True).value == Decimal(-5)
    assert p.parse_number("\u22125", allow_negative=True).value == Decimal(-5)


def test_parse_number_explains_dates_that_excel_made_from_numbers() -> None:
    result = p.parse_number(dt.datetime(2024, 5, 1))
    assert not result.ok and "tanggal" in (result.message or "") and "01-05-2024" in (result.message or "")


@pytest.mark.parametrize("value", [True, float("inf"), float("-inf"), 10**30, "1" * 30, [1, 2]])
def test_parse_number_rejects_booleans_infinities_and_absurd_sizes(value: object) -> None:
    result = p.parse_number(value)
    assert not result.ok and result.message


def test_parse_int_accepts_counts_with_words_and_rejects_fractions() -> None:
    assert p.parse_int("12 orang").value == 12
    assert p.parse_int(12.0).value == 12
    assert p.parse_int("1.500").value == 1500
    fraction = p.parse_int("12,5")
    assert not fraction.ok and fraction.message == "Jumlah harus bilangan bulat; '12,5' berisi pecahan."


# ------------------------------------------------------------------------------------------
# Money
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 5 jt", 5_000_000),
        ("Rp5.000.000", 5_000_000),
        ("Rp. 5.000.000,00", 5_000_000),
        ("2,5 M", 2_500_000_000),
        ("2,5 miliar", 2_500_000_000),
        ("1 milyar", 1_000_000_000),
        ("150 rb", 150_000),
        ("150 ribu", 150_000),
        ("150K", 150_000),
        ("1,2 juta", 1_200_000),
        ("5 juta rupiah", 5_000_000),
        ("1.234.567", 1_234_567),
        ("1.234,5", Decimal("1234.5")),
        ("Rp 5.000,-", 5_000),
        ("1jt 500rb", 1_500_000),
        ("sejuta setengah", 1_500_000),
        (2500000.0, 2_500_000),
    ],
)
def test_parse_money_reads_how_amounts_are_written(text: object, expected: object) -> None:
    result = p.parse_money(text)
    assert result.ok and result.value == Decimal(expected), result


def test_parse_money_applies_the_header_unit_only_to_plain_numbers() -> None:
    assert p.parse_money("39.600.", 1000).value == Decimal(39_600_000)
    assert p.parse_money(15000, 1000).value == Decimal(15_000_000)
    assert p.parse_money("1,5", 1_000_000).value == Decimal(1_500_000)
    # An amount with its own scale word is already explicit.
    assert p.parse_money("Rp 5 jt", 1000).value == Decimal(5_000_000)


def test_parse_money_flags_estimates() -> None:
    result = p.parse_money("2jtan")
    assert result.value == Decimal(2_000_000) and "perkiraan" in (result.warning or "")


@pytest.mark.parametrize("text", ["5.000.000 - 10.000.000", "5 jt s/d 10 jt", "5 jt atau 6 jt"])
def test_parse_money_refuses_ranges_instead_of_adding_them(text: str) -> None:
    result = p.parse_money(text)
    assert not result.ok and "lebih dari satu nilai" in (result.message or "")


def test_parse_money_rejects_words_and_negatives() -> None:
    assert not p.parse_money("12 orang").ok
    assert "bukan nilai rupiah" in (p.parse_money("banyak").message or "")
    negative = p.parse_money("-Rp 5.000")
    assert not negative.ok and "negatif" in (negative.message or "")


@pytest.mark.parametrize(
    ("header", "multiplier"),
    [
        ("Nilai Investasi (Rp.000)", 1000),
        ("Investasi (Rp 000)", 1000),
        ("Investasi (000 Rp)", 1000),
        ("Nilai Investasi (ribu rupiah)", 1000),
        ("Omzet (Rp ribu)", 1000),
        ("Nilai x 1.000", 1000),
        ("Nilai Produksi (Rp juta)", 1_000_000),
        ("Nilai Produksi (Rp jt)", 1_000_000),
        ("Nilai (Rp.000.000)", 1_000_000),
        ("Aset (miliar)", 1_000_000_000),
        ("Aset (Rp milyar)", 1_000_000_000),
        ("Nilai Investasi (Rp)", 1),
        ("Investasi 2000 (Rp)", 1),
        ("Omzet", 1),
        (None, 1),
    ],
)
def test_money_unit_from_header_reads_the_unit_note(header: str | None, multiplier: int) -> None:
    assert p.money_unit_from_header(header) == multiplier


# ------------------------------------------------------------------------------------------
# Years
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [2019, 2019.0, "2019", " 2019 ", dt.date(2019, 5, 1), dt.datetime(2019, 5, 1), "Th. 2019", "12-05-2019"],
)
def test_parse_year_accepts_numbers_text_and_excel_dates(value: object) -> None:
    assert p.parse_year(value).value == 2019


def test_parse_year_rejects_out_of_range_and_two_digit_years() -> None:
    future = p.parse_year(dt.date.today().year + 5)
    assert not future.ok and "di luar rentang" in (future.message or "")
    assert not p.parse_year(1850).ok
    assert "4 angka" in (p.parse_year("95").message or "")
    assert "lebih dari satu tahun" in (p.parse_year("2019/2020").message or "")
    assert not p.parse_year(2019.5).ok


# ------------------------------------------------------------------------------------------
# Units, gender, choices
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("buah", "buah"), ("Buah", "buah"), ("Buah ", "buah"), ("bh", "buah"), ("biji", "buah"), ("pcs", "buah"),
        ("unit", "buah"), ("kg", "kg"), ("Kg", "kg"), ("Kg.", "kg"), ("kilo", "kg"), ("kilogram", "kg"),
        ("liter", "liter"), ("ltr", "liter"), ("l", "liter"), ("lembar", "lembar"), ("lbr", "lembar"),
        ("pasang", "pasang"), ("psg", "pasang"), ("set", "set"), ("meter", "meter"), ("m", "meter"),
        ("ton", "ton"), ("botol", "botol"), ("btl", "botol"), ("bungkus", "bungkus"), ("bks", "bungkus"),
        ("pak", "bungkus"), ("pack", "bungkus"), ("M2", "m2"), ("m³", "m3"), ("kg/tahun", "kg"),
        ("per buah", "buah"),
    ],
)  # fmt: skip
def test_canonical_unit_maps_spellings_to_one_code(text: str, code: str) -> None:
    result = p.canonical_unit(text)
    assert result.ok and result.value == code, result
    assert code in p.UNITS


def test_canonical_unit_suggests_a_close_unit_for_typos() -> None:
    result = p.canonical_unit("kilogrm")
    assert not result.ok
    assert result.message == "Satuan 'kilogrm' tidak dikenal. Mungkin maksudnya 'kg' (kilogram)?"


def test_canonical_unit_names_unknown_values_and_refuses_other_periods() -> None:
    unknown = p.canonical_unit("xyzzy")
    assert not unknown.ok and "'xyzzy'" in (unknown.message or "")
    monthly = p.canonical_unit("kg/bulan")
    assert not monthly.ok and "periode" in (monthly.message or "")
    assert not p.canonical_unit(12).ok


@pytest.mark.parametrize(
    ("text", "code"),
    [("L", "L"), ("Laki-laki", "L"), ("laki2", "L"), ("Laki - Laki", "L"), ("pria", "L"), ("M", "L"),
     ("lk", "L"), ("P", "P"), ("Perempuan", "P"), ("perempuan ", "P"), ("wanita", "P"), ("F", "P"),
     ("perempun", "P")],
)  # fmt: skip
def test_parse_gender_reads_common_forms(text: str, code: str) -> None:
    assert p.parse_gender(text).value == code


def test_parse_gender_explains_unknown_values() -> None:
    result = p.parse_gender("X")
    assert not result.ok and "Laki-laki, Perempuan" in (result.message or "")


@pytest.mark.parametrize(
    ("text", "key"),
    [("Pangan", "pangan"), ("pangan ", "pangan"), ("PANGAN", "pangan"), ("makanan & minuman", "pangan"),
     ("Makanan dan Minuman", "pangan"), ("Pangn", "pangan"), ("sandang", "sandang"),
     ("Kerajinan tangan", "kerajinan"), ("Logam", "logam_elektronika")],
)  # fmt: skip
def test_parse_choice_matches_commodity_groups_by_synonym_and_fuzzily(text: str, key: str) -> None:
    assert p.parse_choice(text, p.KELOMPOK_IKM).value == key


@pytest.mark.parametrize(
    ("text", "key"),
    [("PT", "pt"), ("P.T.", "pt"), ("CV.", "cv"), ("ud", "ud"), ("Koperasi", "koperasi"), ("Kopersi", "koperasi"),
     ("Perseorangan", "perorangan"), ("belum berbadan hukum", "perorangan")],
)  # fmt: skip
def test_parse_choice_matches_legal_forms(text: str, key: str) -> None:
    assert p.parse_choice(text, p.BENTUK_USAHA).value == key


def test_parse_choice_never_fuzzes_short_codes_and_lists_the_choices() -> None:
    result = p.parse_choice("PD.X", {"pt": ("PT",), "cv": ("CV",)}, label="Bentuk usaha")
    assert not result.ok
    assert result.message == "Bentuk usaha 'PD.X' tidak dikenali; pilihan: PT, CV."


def test_parse_choice_refuses_ambiguous_fuzzy_matches() -> None:
    choices = {"a": ("kerupuk udang",), "b": ("kerupuk udank",)}
    assert not p.parse_choice("kerupuk udanx", choices).ok


# ------------------------------------------------------------------------------------------
# Identity numbers and contacts
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [FAKE_NIK, "3523 0110 0570 9001", "'3523011005709001", "3523.0110.0570.9001", f" {FAKE_NIK} ",
     f"{FAKE_NIK}.0", int(FAKE_NIK)],
)  # fmt: skip
def test_parse_nik_accepts_text_spaces_apostrophes_and_exact_numbers(value: object) -> None:
    result = p.parse_nik(value)
    assert result.ok and result.value == FAKE_NIK and result.warning is None, result


def test_parse_nik_says_how_many_digits_are_missing() -> None:
    assert p.parse_nik("3523").message == "NIK harus 16 angka; '3523' hanya 4 angka."
    assert "berisi 17 angka" in (p.parse_nik(FAKE_NIK + "1").message or "")


def test_parse_nik_explains_scientific_notation_and_invalid_structure() -> None:
    assert "format ilmiah" in (p.parse_nik("3,52301E+15").message or "")
    invalid = p.parse_nik("1234567890123456")
    assert not invalid.ok and "tidak valid" in (invalid.message or "")
    letters = p.parse_nik("3523O11005709001")
    assert not letters.ok and "hanya boleh berisi angka" in (letters.message or "")


def test_parse_nik_warns_when_excel_may_have_zeroed_the_last_digit() -> None:
    result = p.parse_nik(3523011005709010.0)
    assert result.ok and "digit terakhir" in (result.warning or "")


def test_parse_nib_wants_exactly_thirteen_digits() -> None:
    assert p.parse_nib("9120 0012 3456 7").value == "9120001234567"
    assert p.parse_nib(9120001234567.0).value == "9120001234567"
    assert p.parse_nib("912000123456").message == "NIB harus 13 angka; '912000123456' hanya 12 angka."


@pytest.mark.parametrize(
    ("value", "digits"),
    [("01.234.567.8-901.000", "012345678901000"), ("012345678901000", "012345678901000"),
     (12345678901000, "012345678901000"), (FAKE_NIK, FAKE_NIK)],
)  # fmt: skip
def test_parse_npwp_returns_normalised_digits(value: object, digits: str) -> None:
    assert p.parse_npwp(value).value == digits


def test_parse_npwp_rejects_wrong_lengths() -> None:
    assert "15 atau 16 angka" in (p.parse_npwp("123").message or "")


@pytest.mark.parametrize(
    "value",
    ["0812 0000 1234", "62812 0000 1234", "+62 812-0000-1234", 81200001234.0, 81200001234, "081200001234.0",
     "'081200001234", "0812-0000-1234 (WA)", "HP: 0812 0000 1234"],
)  # fmt: skip
def test_parse_phone_gives_e164(value: object) -> None:
    result = p.parse_phone(value)
    assert result.ok and result.value == "+6281200001234", result


def test_parse_phone_keeps_the_first_of_several_numbers_with_a_warning() -> None:
    result = p.parse_phone("0812 0000 1234 / 0813 0000 5678")
    assert result.value == "+6281200001234" and "+6281300005678" in (result.warning or "")


def test_parse_phone_accepts_landlines_and_rejects_garbage() -> None:
    assert p.parse_phone("(0351) 123456").value == "+62351123456"
    bad = p.parse_phone("123")
    assert not bad.ok and (bad.message or "").startswith("Nomor telepon '123' tidak valid")


def test_parse_email_and_kbli() -> None:
    assert p.parse_email(" Contoh@Fiktif.ID ").value == "contoh@fiktif.id"
    assert not p.parse_email("contoh at fiktif").ok
    assert p.parse_kbli("10792 - Industri kerupuk").value == "10792"
    assert p.parse_kbli(10792.0).value == "10792"
    assert not p.parse_kbli("107").ok


# ------------------------------------------------------------------------------------------
# Text
# ------------------------------------------------------------------------------------------


def test_parse_text_trims_and_collapses_whitespace() -> None:
    assert p.parse_text("  UD   Contoh\nSejahtera\xa0 ").value == "UD Contoh Sejahtera"


def test_parse_text_renders_excel_values_sensibly() -> None:
    assert p.parse_text(10792.0).value == "10792"
    assert p.parse_text(dt.datetime(2024, 5, 1)).value == "2024-05-01"
    assert p.parse_text(True).value == "Ya"
    assert p.parse_text("=SUM(A1:A3)").value == "=SUM(A1:A3)"  # formulas are just text here


def test_parse_text_rejects_too_long_values_instead_of_cutting_them() -> None:
    result = p.parse_text("x" * 300, max_length=255)
    assert not result.ok and result.message == "Teks terlalu panjang (300 karakter); maksimal 255 karakter."
    assert p.parse_text("x" * 300, max_length=None).ok


# ------------------------------------------------------------------------------------------
# Properties: nothing raises, every failure explains itself
# ------------------------------------------------------------------------------------------

ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(),
    st.from_regex(
        r"[-+±]?\s?(Rp\.?\s?)?[0-9.,' ]{1,22}\s?(jt|rb|M|ribu|juta|kg|orang|E\+?[0-9]{1,3})?", fullmatch=True
    ),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)

PARSERS = {
    "number": p.parse_number,
    "number_negative": lambda v: p.parse_number(v, allow_negative=True),
    "int": p.parse_int,
    "money": p.parse_money,
    "money_thousands": lambda v: p.parse_money(v, 1000),
    "year": p.parse_year,
    "unit": p.canonical_unit,
    "phone": p.parse_phone,
    "nik": p.parse_nik,
    "nib": p.parse_nib,
    "npwp": p.parse_npwp,
    "gender": p.parse_gender,
    "choice": lambda v: p.parse_choice(v, p.KELOMPOK_IKM),
    "text": lambda v: p.parse_text(v, 50),
    "email": p.parse_email,
    "kbli": p.parse_kbli,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=200, deadline=None)
@given(value=ANY_CELL)
def test_parsers_never_raise_and_always_explain_failures(name: str, value: object) -> None:
    result = PARSERS[name](value)
    assert isinstance(result, p.Parsed)
    if result.ok:
        assert result.message is None
        assert (result.value is None) == result.missing
    else:
        assert result.message and not result.missing and result.value is None


@settings(max_examples=200, deadline=None)
@given(value=ANY_CELL)
def test_helpers_never_raise(value: object) -> None:
    assert isinstance(p.is_missing(value), bool)
    assert isinstance(p.show(value), str)
    assert p.money_unit_from_header(value) in (1, 1000, 1_000_000, 1_000_000_000)


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=0, max_value=10**15))
def test_thousands_separated_integers_round_trip(number: int) -> None:
    dotted = f"{number:,}".replace(",", ".")
    assert p.parse_number(dotted).value == number
    assert p.parse_number(f"{number:,}").value == number
    assert p.parse_money(f"Rp {dotted}").value == number


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=0, max_value=10**9), cents=st.integers(min_value=0, max_value=99))
def test_indonesian_decimal_comma_round_trips(whole: int, cents: int) -> None:
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert p.parse_number(text).value == Decimal(whole) + Decimal(cents) / 100


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=0, max_value=10**11))
def test_header_multiplier_scales_plain_amounts(number: int) -> None:
    assert p.parse_money(number, 1000).value == number * 1000
    assert p.parse_money(float(number), 1_000_000).value == number * 1_000_000
