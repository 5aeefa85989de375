"""Splitting eligibility text into items: the layouts seen in the registry samples."""

from __future__ import annotations

from finder.criteria.split import Item, group_alternatives, normalize, split_items


def _texts(items: list[Item]) -> list[tuple[str, str]]:
    return [(i.side, i.text) for i in items]


def test_headers_numbers_and_bullets() -> None:
    text = (
        "Key Inclusion Criteria:\n\n* Provision of signed consent\n* \\>= 18 years old\n\n"
        "Key Exclusion Criteria:\n\n1. Pregnant\n2. Known HIV infection\n"
    )
    assert _texts(split_items(text)) == [
        ("inclusion", "Provision of signed consent"),
        ("inclusion", ">= 18 years old"),  # the markdown escape is undone
        ("exclusion", "Pregnant"),
        ("exclusion", "Known HIV infection"),
    ]


def test_upper_case_headers_and_bracketed_numbers() -> None:
    text = "INCLUSION:\n(1) Age 2 to 21\n(2) Relapsed disease\nEXCLUSION:\na) Prior transplant\nb) Pregnancy"
    assert _texts(split_items(text)) == [
        ("inclusion", "Age 2 to 21"),
        ("inclusion", "Relapsed disease"),
        ("exclusion", "Prior transplant"),
        ("exclusion", "Pregnancy"),
    ]


def test_text_without_headers_is_inclusion() -> None:
    items = split_items("Children with newly diagnosed medulloblastoma.\nAge 3 to 21 years.")
    assert _texts(items) == [
        ("inclusion", "Children with newly diagnosed medulloblastoma."),
        ("inclusion", "Age 3 to 21 years."),
    ]


def test_nested_items_stay_children_of_their_parent() -> None:
    text = (
        "Inclusion Criteria:\n\n1. Diagnosed with relapsed/refractory neuroblastoma:\n\n"
        "   1. Relapsed neuroblastoma: new lesions.\n   2. Refractory neuroblastoma: no remission.\n"
        "2. Lansky score>60;\n"
    )
    items = split_items(text)
    assert [i.text for i in items] == [
        "Diagnosed with relapsed/refractory neuroblastoma:",
        "Lansky score>60;",
    ]
    assert [c.text for c in items[0].children] == [
        "Relapsed neuroblastoma: new lesions.",
        "Refractory neuroblastoma: no remission.",
    ]


def test_a_pure_lead_in_is_flattened_onto_its_side() -> None:
    text = (
        "Inclusion Criteria\n\nPatients with the following prior conditions are excluded:\n\n"
        "  -  Heart failure.\n"
    )
    items = split_items(text)
    assert _texts(items) == [("exclusion", "Heart failure.")]


def test_a_lead_in_with_a_time_window_is_kept_as_context() -> None:
    text = (
        "Exclusion Criteria\n\nPrior Medication:\n\nExcluded within 8 weeks prior to study entry:\n\n"
        "  -  Immunomodulators.\n"
    )
    [item] = split_items(text)
    assert item.side == "exclusion" and item.text == "Immunomodulators."
    assert item.lead == "Excluded within 8 weeks prior to study entry"
    assert item.section == "Prior Medication > Excluded within 8 weeks prior to study entry"


def test_allowed_items_are_permissions() -> None:
    text = "Concurrent Medication:\n\nAllowed:\n\n  -  Antipyretics.\n\nExcluded:\n\n  -  Chemotherapy.\n"
    items = split_items(text)
    assert [(i.side, i.text, i.permissive) for i in items] == [
        ("inclusion", "Antipyretics.", True),
        ("exclusion", "Chemotherapy.", False),
    ]


def test_wrapped_lines_are_joined() -> None:
    text = (
        "        Inclusion Criteria:\n\n"
        "          -  Histologically confirmed malignant glioma that has recurred after radiotherapy\n"
        "             and at least one prior chemotherapy regimen given for the recurrence\n\n"
        "          -  Karnofsky performance status of 60% or more at the time of study entry and\n"
        "             during the two weeks before\n"
    )
    items = split_items(text)
    assert len(items) == 2
    assert items[0].text.endswith("given for the recurrence")


def test_paragraph_break_inside_a_sentence_continues_the_item() -> None:
    text = (
        "1. Prior to enrollment, measures ensure that the\n\n   subject's disease status is stable.\n"
        "2. Next item"
    )
    assert [i.text for i in split_items(text)] == [
        "Prior to enrollment, measures ensure that the subject's disease status is stable.",
        "Next item",
    ]


def test_criteria_run_together_in_one_paragraph() -> None:
    text = (
        "9. Adequate organ function as follows:\n\n"
        "(1)Blood: ANC≥1.5×10^9/L;Platelet count ≥75×10^9/L; (2)Heart: LVEF≥50%; (3)Renal: creatinine≤2×ULN; "
        "10.All toxic responses have returned to Grade≤1.\n"
    )
    items = split_items(text)
    assert [i.text for i in items] == [
        "Adequate organ function as follows:",
        "All toxic responses have returned to Grade≤1.",
    ]
    assert [c.text for c in items[0].children] == [
        "Blood: ANC≥1.5×10^9/L;Platelet count ≥75×10^9/L;",
        "Heart: LVEF≥50%;",
        "Renal: creatinine≤2×ULN;",
    ]


def test_a_lone_number_in_a_sentence_does_not_split() -> None:
    [item] = split_items("Grade 2) or lower neuropathy, and ECOG 0 or 1. Patients with stage 2. disease")
    assert item.text.startswith("Grade 2) or lower")


def test_nci_sections_and_sub_headings() -> None:
    text = (
        "DISEASE CHARACTERISTICS:\n\n  -  Histologically proven neuroblastoma\n\n"
        "PATIENT CHARACTERISTICS:\n\nAge:\n\n  -  18 and under\n\n"
        "Performance status:\n\n  -  Lansky 50-100%\n\n"
        "Other:\n\n  -  Not pregnant\n\nPRIOR CONCURRENT THERAPY:\n\nChemotherapy:\n\n"
        "  -  At least 4 weeks since prior chemotherapy\n"
    )
    items = split_items(text)
    assert [(i.section, i.subheading, i.text) for i in items] == [
        ("DISEASE CHARACTERISTICS", None, "Histologically proven neuroblastoma"),
        ("PATIENT CHARACTERISTICS > Age", "Age", "18 and under"),
        ("PATIENT CHARACTERISTICS > Performance status", "Performance status", "Lansky 50-100%"),
        ("PATIENT CHARACTERISTICS > Other", "Other", "Not pregnant"),
        (
            "PRIOR CONCURRENT THERAPY > Chemotherapy",
            "Chemotherapy",
            "At least 4 weeks since prior chemotherapy",
        ),
    ]
    assert all(i.side == "inclusion" for i in items)  # as written; understanding finds the exclusions


def test_nci_sections_run_together_in_one_paragraph() -> None:
    text = (
        "        PATIENT CHARACTERISTICS: Age: Under 16 Performance status: Not specified Life expectancy:\n"
        "        Not specified Hepatic: Bilirubin less than 2 mg/dL\n\n"
        "        PRIOR CONCURRENT THERAPY: Radiotherapy: At least 4 weeks since prior radiotherapy No\n"
        "        concurrent radiotherapy Surgery: Not specified\n"
    )
    items = split_items(text)
    assert [(i.subheading, i.text) for i in items] == [
        ("Age", "Under 16"),
        ("Performance status", "Not specified"),
        ("Life expectancy", "Not specified"),
        ("Hepatic", "Bilirubin less than 2 mg/dL"),
        ("Radiotherapy", "At least 4 weeks since prior radiotherapy"),
        ("Radiotherapy", "No concurrent radiotherapy"),
        ("Surgery", "Not specified"),
    ]


def test_donor_sections_are_marked() -> None:
    text = (
        "INCLUSION CRITERIA: PATIENT\n\nAge 2 to 80.\n\nINCLUSION CRITERIA: DONOR\n\nWeight at least 18 kg.\n"
    )
    items = split_items(text)
    assert [(i.text, i.about_others) for i in items] == [
        ("Age 2 to 80.", False),
        ("Weight at least 18 kg.", True),
    ]


def test_items_joined_by_or_become_one_item_with_alternatives() -> None:
    text = "DISEASE CHARACTERISTICS:\n\n  -  Recurrent malignant glioma OR\n\n  -  Recurrent neuroblastoma\n"
    [item] = group_alternatives(split_items(text))
    assert item.alternatives
    assert [c.text for c in item.children] == ["Recurrent malignant glioma OR", "Recurrent neuroblastoma"]


def test_normalize_undoes_markdown_escapes_only() -> None:
    assert normalize("MFI \\<= 2000 \\* note\r\nC:\\path") == "MFI <= 2000 * note\nC:\\path"


def test_empty_text() -> None:
    assert split_items(None) == []
    assert split_items("   \n\n ") == []
