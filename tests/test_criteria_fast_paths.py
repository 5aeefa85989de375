"""The parser's fast paths give exactly what the plain ways of reading give (import speed, issue 2).

Each fast path is compared with a slow reference on the same input: the ASCII tokenizer with the character
loop, the phrase-table scan with a scan of every token, the memoised item reading with a fresh one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from finder.criteria import text as criteria_text
from finder.criteria import tokens as criteria_tokens
from finder.criteria.parse import parse_eligibility
from finder.criteria.text import PhraseTable, Tok, fold_comparisons, tokenize_raw
from finder.criteria.understand import _facts_of

# ASCII pieces that exercise every branch: thousands groups and decimals, "-" and "'" inside and at the ends
# of words, split suffixes, word numbers, comparisons written with symbols, and the odd whitespace of
# str.isspace() ("\x1c".."\x1f").
_PIECES = st.sampled_from(
    [
        "1",
        "12",
        ",",
        "000",
        "00",
        ".",
        "5",
        "-",
        "'",
        " ",
        "\t",
        "\n",
        "\x1c",
        "\x1f",
        "a",
        "HER2",
        "x",
        "positive",
        "Year",
        "ten",
        "<",
        ">",
        "=",
        "+",
        "(",
        ")",
        "/",
        ";",
        "%",
        "_",
        "mg/kg",
        "O'Neil",
    ]
)
_ASCII = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_ASCII)
def test_ascii_tokenizer_matches_the_character_loop(text: str) -> None:
    assert tokenize_raw(text) == criteria_tokens._tokenize_any(text)


def test_tokenizer_edge_cases_match_the_character_loop() -> None:
    for text in ("1,000,00", "1,00", "1,0", "3.5.", "1.5,000", "HER2-positive-", "a--b", "x'", "≥ 18 years"):
        assert tokenize_raw(text) == criteria_tokens._tokenize_any(text), text
    assert [t.text for t in tokenize_raw("HER2-positive")] == ["her2", "positive"]
    assert tokenize_raw("1,000,00")[0] == Tok("num", "1,000,00", 0, 100000.0)


def _scan_every_token(table: PhraseTable, toks: list[Tok]) -> list[tuple[int, int, tuple[str, ...]]]:
    """The reference: try each token in turn, longest phrase first."""
    skipped = {"/", "-", "'"}
    pos = [i for i, t in enumerate(toks) if not (t.kind == "sym" and t.text in skipped)]
    keys = [
        criteria_text.fold_word(toks[i].text) if toks[i].kind in ("word", "num") else "\x00" + toks[i].text
        for i in pos
    ]
    found, i = [], 0
    while i < len(keys):
        for length in sorted({len(k) for k in table._table if k[0] == keys[i]}, reverse=True):
            ids = table._table.get(tuple(keys[i : i + length]))
            if i + length <= len(keys) and ids is not None:
                found.append((pos[i], pos[i + length - 1] + 1, ids))
                i += length
                break
        else:
            i += 1
    return found


_TABLE = PhraseTable(
    {
        "bone marrow": ["marrow"],
        "bone": ["bone"],
        "bone marrow transplant": ["bmt"],
        "stem cell": ["sct"],
        "hiv": ["hiv"],
        "hepatitis b": ["hbv"],
        "b": ["letter"],
    }
)
_WORDS = st.sampled_from(
    ["bone", "marrow", "transplant", "stem", "cell", "HIV", "hepatitis", "B", "or", "/", ";"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=14).map(" ".join))
def test_phrase_scan_matches_a_scan_of_every_token(text: str) -> None:
    toks = fold_comparisons(tokenize_raw(text))
    assert _TABLE.find(toks) == _scan_every_token(_TABLE, toks)


def test_a_remembered_item_reads_as_a_fresh_one() -> None:
    text = (
        "Inclusion Criteria:\n- Age 1 to 21 years\n- Relapsed or refractory neuroblastoma\n"
        "- No prior allogeneic stem cell transplant\nExclusion Criteria:\n- Pregnant or breastfeeding\n"
        "- Age 1 to 21 years"
    )
    _facts_of.cache_clear()
    fresh = parse_eligibility(text)
    again = parse_eligibility(text)  # every item now comes from the memo
    assert _facts_of.cache_info().hits >= 5
    assert again == fresh
    # the same words on the other side are read again, not taken from the inclusion item
    ages = [c for c in fresh if c.kind.value == "age"]
    assert {c.side for c in ages} == {"inclusion", "exclusion"}
