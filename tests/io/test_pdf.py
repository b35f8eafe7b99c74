"""PDF clean-up as pure functions over lines: running headers/footers, page numbers, hyphens, paragraphs."""

import pytest
from fpdf import FPDF

from textmine.io.pdf import Line, assemble, pdf_text, rejoin_hyphens, strip_running_lines, vocabulary


def _pages(*pages: list[str | Line]) -> list[list[Line]]:
    return [[item if isinstance(item, Line) else Line(item) for item in page] for page in pages]


def _texts(pages: list[list[Line]]) -> list[list[str]]:
    return [[line.text for line in page] for page in pages]


@pytest.mark.parametrize(
    "pages, expected",
    [
        pytest.param(
            [["Child V review", "Body one.", "Page 1 of 3"], ["Child V review", "Body two.", "Page 2 of 3"],
             ["Child V review", "Body three.", "Page 3 of 3"]],
            [["Body one."], ["Body two."], ["Body three."]],
            id="header-and-page-x-of-y",
        ),
        pytest.param(
            [["Title page"], ["LSCB | Serious Case Review 2", "Body two.", "- 2 -"],
             ["LSCB | Serious Case Review 3", "Body three.", "- 3 -"]],
            [["Title page"], ["Body two."], ["Body three."]],
            id="numbered-header-not-on-title-page",
        ),
        pytest.param(
            [["Findings", "The GP was not told."], ["Findings", "Recommendations"]],
            [["The GP was not told."], ["Recommendations"]],
            id="repeated-top-line-on-every-page",
        ),
        pytest.param(
            [["Introduction", "This review concerns Child K.", "1"]],
            [["Introduction", "This review concerns Child K."]],
            id="single-page-number",
        ),
        pytest.param(
            [["The family moved in 2019.", "2019"], ["They moved again.", "Later text."]],
            [["The family moved in 2019.", "2019"], ["They moved again.", "Later text."]],
            id="year-is-not-a-page-number",
        ),
        pytest.param(
            [[Line("Child K review", 700, 20), "Body one."], [Line("Child K review", 800, 9), "Body two."],
             [Line("Child K review", 800, 9), "Body three."]],
            [["Child K review", "Body one."], ["Body two."], ["Body three."]],
            id="large-title-kept-small-header-dropped",
        ),
        pytest.param(
            [["Confidential", "Body one.", "Confidential"], ["Confidential", "Body two.", "Confidential"]],
            [["Body one."], ["Body two."]],
            id="header-and-footer-same-words",
        ),
    ],
)
def test_strip_running_lines(pages, expected):
    assert _texts(strip_running_lines(_pages(*pages))) == expected


@pytest.mark.parametrize(
    "lines, whole, expected",
    [
        pytest.param(["the multi-agency safe-", "guarding hub"], "", ["the multi-agency safeguarding hub"], id="joined"),
        pytest.param(
            ["slow decision-", "making was noted"], "decision-making was slow",
            ["slow decision-making was noted"], id="compound-kept",
        ),
        pytest.param(["a soft hy\u00ad", "phen"], "", ["a soft hyphen"], id="soft-hyphen"),
        pytest.param(
            ["the decision-", "making"], "decision-making and decisionmaking", ["the decisionmaking"],
            id="both-spellings-join",
        ),
        pytest.param(["a multi-agency safe-", "guarding hub"], "", ["a multi-agency safeguarding hub"], id="after-compound"),
        pytest.param(["between 2012-", "2015"], "", ["between 2012-", "2015"], id="number-range-untouched"),
        pytest.param(["Child K -", "Mother"], "", ["Child K -", "Mother"], id="dash-untouched"),
        pytest.param(["the anti-", "Social Behaviour team"], "", ["the anti-", "Social Behaviour team"], id="capital-next"),
    ],
)
def test_rejoin_hyphens(lines, whole, expected):
    assert rejoin_hyphens(lines, vocabulary(whole)) == expected


@pytest.mark.parametrize(
    "pages, expected",
    [
        pytest.param(
            [[Line("Background", 700, 14), Line("Child K lived with", 680, 11), Line("his mother.", 666, 11),
              Line("Mr B visited.", 640, 11)]],
            "Background\n\nChild K lived with\nhis mother.\n\nMr B visited.",
            id="heading-size-and-paragraph-gap",
        ),
        pytest.param(
            [[Line("The referral was passed to the", 100, 11)], [Line("duty team the next day.", 700, 11)]],
            "The referral was passed to the\nduty team the next day.",
            id="paragraph-runs-on-over-page",
        ),
        pytest.param(
            [[Line("The referral was closed.", 100, 11)], [Line("Findings", 700, 11)]],
            "The referral was closed.\n\nFindings",
            id="page-break-after-full-stop",
        ),
        pytest.param(
            [[Line("12/03/2019 HV home visit."), Line("14/03/2019 T/C from school.")]],
            "12/03/2019 HV home visit.\n14/03/2019 T/C from school.",
            id="no-positions-lines-kept",
        ),
    ],
)
def test_assemble(pages, expected):
    assert assemble(pages) == expected


def test_pdf_text_owner_password_only_opens():
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-only")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The school nurse saw Child K on 2 April 2015.")
    assert pdf_text(bytes(pdf.output())) == "The school nurse saw Child K on 2 April 2015."


def test_pdf_text_recovered_damage_is_not_logged(caplog):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The school nurse saw Child K on 2 April 2015.")
    damaged = bytes(pdf.output()).replace(b"/WinAnsiEncoding", b"/WinAnsiEncodXng")  # an unknown font encoding
    assert pdf_text(damaged) == "The school nurse saw Child K on 2 April 2015."
    assert [r.getMessage()[:60] for r in caplog.records if r.name.startswith("pypdf")] == []
