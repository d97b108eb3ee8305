"""Primary-source identifiers: each kind's forms, canonical ids and URLs, and hard negatives."""

from __future__ import annotations

import time

import pytest

from scitui.sources import KINDS, Source, article_sources, find_sources, html_links


def ids(text: str, links: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(source.kind, source.id) for source in find_sources(text, links)]


def test_kinds_are_the_contract() -> None:
    assert KINDS == (
        "fr-doc", "fr-cite", "cfr", "eccn", "bill", "public-law", "rin", "docket", "doi",
        "arxiv", "mofcom",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("[FR Doc. 2022-21658 Filed 10-7-22; 4:15 pm]", ("fr-doc", "2022-21658")),
        ("Federal Register document number 2023-23055.", ("fr-doc", "2023-23055")),
        ("published at 87 FR 62186 on October 13", ("fr-cite", "87 FR 62186")),
        ("see 87 Fed. Reg. 62,186 (Oct. 13, 2022)", ("fr-cite", "87 FR 62186")),
        ("under 15 CFR 744.23 the license", ("cfr", "15 CFR 744.23")),
        ("under 15 C.F.R. § 744.23(a)(2)", ("cfr", "15 CFR 744.23")),
        ("amends 15 CFR part 744 to", ("cfr", "15 CFR 744")),
        ("part 744 of title 15 of the Code of Federal Regulations", ("cfr", "15 CFR 744")),
        ("codified at 48 CFR 52.204-25.", ("cfr", "48 CFR 52.204-25")),
        (
            "美国联邦公报（Federal Register）刊登的规则文件编号为2025-00636。",
            ("fr-doc", "2025-00636"),
        ),
        ("出口管制新规（87 FR 62186）", ("fr-cite", "87 FR 62186")),
        ("美方将H20芯片纳入3A090管控", ("eccn", "3A090")),
        ("HR 7521 cleared the House 352-65", ("bill", "hr7521")),
        ("《芯片与科学法》即第117-167号公法", ("public-law", "117-167")),
        (
            "identified by docket number BIS\u20132023\u20130016, are due",
            ("docket", "BIS-2023-0016"),
        ),
        ("The paper (hep-th/9711200) remains", ("arxiv", "hep-th/9711200")),
        ("MOFCOM Announcement No. 46 [2024], bans", ("mofcom", "2024-46")),
        ("Ministry of Commerce Announcement 2025 No. 61, claims", ("mofcom", "2025-61")),
        ("商务部、海关总署2025年第18号公告对", ("mofcom", "2025-18")),
        ("classified under ECCN 3A090 by BIS", ("eccn", "3A090")),
        ("the ECCN 4A090.a entry", ("eccn", "4A090")),
        ("the bill, H.R. 4346, passed", ("bill", "hr4346")),
        ("H.Res. 12 and the Act", ("bill", "hres12")),
        ("Senate bill S. 1260 would", ("bill", "s1260")),
        ("enacted as Pub. L. 117-167", ("public-law", "117-167")),
        ("Public Law 117\u2013167 (the CHIPS Act)", ("public-law", "117-167")),
        ("P.L. 117-167 funds", ("public-law", "117-167")),
        ("RIN 0694-AI94", ("rin", "0694-AI94")),
        ("Docket No. BIS-2022-0025 on regulations.gov", ("docket", "BIS-2022-0025")),
        ("comment BIS-2022-0025-0012 in the docket", ("docket", "BIS-2022-0025")),
        ("doi:10.1126/Science.ABQ1234.", ("doi", "10.1126/science.abq1234")),
        (
            "(https://doi.org/10.1016/S0140-6736(20)30183-5)",
            ("doi", "10.1016/s0140-6736(20)30183-5"),
        ),
        ("arXiv:2401.01234v2 shows", ("arxiv", "2401.01234")),
        ("arXiv:hep-th/9901001", ("arxiv", "hep-th/9901001")),
        ("MOFCOM Announcement No. 23 of 2023 restricts", ("mofcom", "2023-23")),
        ("商务部公告2023年第23号", ("mofcom", "2023-23")),
        ("商务部 海关总署公告2023年第23号", ("mofcom", "2023-23")),
        ("商务部、海关总署公告2024年第46号", ("mofcom", "2024-46")),
    ],
)
def test_each_kind_in_text(text: str, want: tuple[str, str]) -> None:
    assert ids(text) == [want]


@pytest.mark.parametrize(
    "text",
    [
        "Call 202-482-4811 or (202) 482-4811; ZIP 20230-0001.",
        "Dated: October 7, 2022; 2022-10-07; 10/07/2022.",
        "Nvidia's RTX 4090, H20, A100 and H100 chips; 5G networks; model 4A090X.",
        "Section 301 tariffs on S. Korea; Part 2 of 3; Fig. S. 1; Table S.2.",
        "ISBN 978-3-16-148410-0; version 10.2.3/4; priced at $10.1234/unit and $4,090.",
        "In 2023, 1,200 firms; 117-167 votes; the 2022-21658 figure.",
        "The part number 3A090 of this router",  # an ECCN's shape, but no export control
        "Read chapter 744.23 and 15 U.S.C. 4817.",
        "S. 1 was a good year for the team.",
        "Restrictions in part 744 of the EAR apply.",  # no title stated
        "The backdoor, tracked as CVE-2024-3094, hit xz Utils 5.6.0 and 5.6.1.",
        "Export controls talk at booth 5B104 or in meeting room 2D101.",
        "海关总署公告2023年第58号发布了进出口商品检验目录调整。",
        "不可靠实体清单工作机制公告2025年第1号 (商务部 said).",
        "MOFCOM said so; GACC Announcement No. 58 of 2023 updated the catalogue.",
        "MOFCOM Order No. 1 of 2021 blocks foreign laws.",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert ids(text) == []


def test_lists_and_ranges_under_one_title() -> None:
    assert ids("15 CFR Parts 734, 736, and 774 [Docket No. 220930-0204]") == [
        ("cfr", "15 CFR 734"),
        ("cfr", "15 CFR 736"),
        ("cfr", "15 CFR 774"),
    ]
    assert ids("31 C.F.R. §§ 850.209 and 850.217.") == [
        ("cfr", "31 CFR 850.209"),
        ("cfr", "31 CFR 850.217"),
    ]
    assert ids("15 CFR parts 730 through 774, are") == [
        ("cfr", "15 CFR 730"),
        ("cfr", "15 CFR 774"),
    ]
    assert ids("15 CFR 744.23 and 50 U.S.C. 4817") == [("cfr", "15 CFR 744.23")]


def test_eccns_beside_one_with_a_paragraph_need_no_other_context() -> None:
    text = "The '.z' paragraphs such as 5A992.z cover items that meet 3A090 parameters."
    assert ids(text) == [("eccn", "5A992"), ("eccn", "3A090")]


def test_canonical_urls() -> None:
    text = (
        "FR Doc. 2022-21658 at 87 FR 62186 amends 15 CFR 744.23 and 15 CFR part 744 for ECCN "
        "3A090 under H.R. 4346 of the 117th Congress, Pub. L. 117-167, RIN 0694-AI94, docket "
        "BIS-2022-0025, doi 10.1126/science.abq1234, arXiv:2401.01234 and MOFCOM Announcement "
        "No. 23 of 2023."
    )
    assert [(source.kind, source.id, source.url) for source in find_sources(text)] == [
        ("fr-doc", "2022-21658", "https://www.federalregister.gov/d/2022-21658"),
        ("fr-cite", "87 FR 62186", "https://www.federalregister.gov/citation/87-FR-62186"),
        ("cfr", "15 CFR 744.23", "https://www.ecfr.gov/current/title-15/section-744.23"),
        ("cfr", "15 CFR 744", "https://www.ecfr.gov/current/title-15/part-744"),
        ("eccn", "3A090", ""),
        ("bill", "hr4346-117", "https://www.congress.gov/bill/117th-congress/house-bill/4346"),
        ("public-law", "117-167", "https://www.govinfo.gov/app/details/PLAW-117publ167"),
        ("rin", "0694-AI94", "https://www.reginfo.gov/public/do/eAgendaViewRule?RIN=0694-AI94"),
        ("docket", "BIS-2022-0025", "https://www.regulations.gov/docket/BIS-2022-0025"),
        ("doi", "10.1126/science.abq1234", "https://doi.org/10.1126/science.abq1234"),
        ("arxiv", "2401.01234", "https://arxiv.org/abs/2401.01234"),
        ("mofcom", "2023-23", ""),
    ]


@pytest.mark.parametrize(
    ("link", "want"),
    [
        (
            "https://www.federalregister.gov/documents/2022/10/13/2022-21658/implementation",
            ("fr-doc", "2022-21658"),
        ),
        ("https://www.federalregister.gov/d/2022-21658", ("fr-doc", "2022-21658")),
        ("https://public-inspection.federalregister.gov/2022-21658.pdf", ("fr-doc", "2022-21658")),
        ("https://www.federalregister.gov/citation/87-FR-62186", ("fr-cite", "87 FR 62186")),
        (
            "https://www.govinfo.gov/content/pkg/FR-2022-10-13/pdf/2022-21658.pdf",
            ("fr-doc", "2022-21658"),
        ),
        (
            "https://www.ecfr.gov/current/title-15/chapter-VII/subchapter-C/part-744/section-744.23",
            ("cfr", "15 CFR 744.23"),
        ),
        ("https://www.ecfr.gov/current/title-15/part-744", ("cfr", "15 CFR 744")),
        (
            "https://www.congress.gov/bill/117th-congress/house-bill/4346/text",
            ("bill", "hr4346-117"),
        ),
        ("https://www.congress.gov/bill/118th-congress/senate-bill/1260", ("bill", "s1260-118")),
        ("https://www.govinfo.gov/app/details/PLAW-117publ167", ("public-law", "117-167")),
        ("https://www.regulations.gov/docket/BIS-2022-0025", ("docket", "BIS-2022-0025")),
        ("https://www.regulations.gov/document/BIS-2022-0025-0001", ("docket", "BIS-2022-0025")),
        ("https://doi.org/10.1126/SCIENCE.abq1234", ("doi", "10.1126/science.abq1234")),
        ("https://www.science.org/doi/10.1126/science.abq1234", ("doi", "10.1126/science.abq1234")),
        ("https://arxiv.org/pdf/2401.01234v1.pdf", ("arxiv", "2401.01234")),
        ("https://arxiv.org/abs/hep-th/9901001", ("arxiv", "hep-th/9901001")),
    ],
)
def test_each_kind_in_links(link: str, want: tuple[str, str]) -> None:
    assert ids("", (link,)) == [want]


def test_links_that_are_no_source_are_skipped() -> None:
    assert ids("", ("https://www.federalregister.gov/", "mailto:x@y", "not a url", "")) == []


def test_a_bill_takes_its_congress_from_a_nearby_mention_or_a_link() -> None:
    assert ids("H.R. 4346 (117th Congress)") == [("bill", "hr4346-117")]
    far = "H.R. 4346 passed. " + "Filler words. " * 30 + "The 118th Congress begins."
    assert ids(far) == [("bill", "hr4346")]
    linked = ("https://www.congress.gov/bill/117th-congress/house-bill/4346",)
    assert ids("The bill H.R. 4346 passed.", linked) == [("bill", "hr4346-117")]


def test_duplicates_are_dropped_in_order_of_first_appearance() -> None:
    text = "ECCN 4A090 and ECCN 3A090 (see also 4A090) under 15 CFR 744.23 of the EAR."
    assert ids(text, ("https://www.ecfr.gov/current/title-15/section-744.23",)) == [
        ("eccn", "4A090"),
        ("eccn", "3A090"),
        ("cfr", "15 CFR 744.23"),
    ]


def test_an_article_carries_its_own_document_and_its_links() -> None:
    html = (
        '<p>See <a href="https://www.regulations.gov/docket/BIS-2022-0025">the docket</a> '
        "and <a href='https://doi.org/10.1000/abc?x=1&amp;y=2'>x</a>.</p>"
    )
    assert html_links(html) == [
        "https://www.regulations.gov/docket/BIS-2022-0025",
        "https://doi.org/10.1000/abc?x=1&y=2",
    ]
    own = "https://www.federalregister.gov/documents/2022/10/13/2022-21658/rule"
    found = article_sources("ECCN 3A090 rule", "Text under the EAR.", html, own)
    assert [(source.kind, source.id) for source in found] == [
        ("eccn", "3A090"),
        ("fr-doc", "2022-21658"),
        ("docket", "BIS-2022-0025"),
        ("doi", "10.1000/abc"),
    ]


def test_label_and_json() -> None:
    source = Source("fr-doc", "2022-21658", "https://www.federalregister.gov/d/2022-21658")
    assert source.label == "FR 2022-21658"
    assert Source("cfr", "15 CFR 744.23", "").label == "15 CFR 744.23"
    assert source.as_json() == {
        "kind": "fr-doc",
        "id": "2022-21658",
        "url": "https://www.federalregister.gov/d/2022-21658",
    }


def test_a_long_body_without_identifiers_is_quick() -> None:
    """A generous bound (shared machines): the bench measures the real cost."""
    paragraph = (
        "The Commerce Department said U.S. firms would need licences to sell chips to China. "
        "Officials cited national security, and the rules follow months of review. "
    )
    text = (paragraph * 200)[:20_000]
    start = time.perf_counter()
    for _ in range(20):
        assert find_sources(text) == []
    assert (time.perf_counter() - start) / 20 < 0.02


def test_a_plain_document_number_needs_the_federal_register_near_and_no_court() -> None:
    assert ids("The court's Document 2023-01234 in the Huawei case was sealed.") == []
    assert ids("Exhibit A, Document No. 2023-01234, was filed.") == []
    assert ids("Published as document 2024-19391 in the Federal Register.") == [
        ("fr-doc", "2024-19391")
    ]
    assert ids("Docket ID: BIS-2023-0016 | Document number: 2023-23055") == [
        ("docket", "BIS-2023-0016"),
        ("fr-doc", "2023-23055"),
    ]
    text = "Federal Register document 2024-07004 differs from the court's Document 2023-01234."
    assert ids(text) == [("fr-doc", "2024-07004")]


def test_an_fr_number_followed_by_a_letter_is_a_federal_reserve_form() -> None:
    assert ids("Banks file 12 FR 2052a reports.") == []
    assert ids("The rule (89 Fed. Reg. 96,790) and Form FR 2052a.") == [("fr-cite", "89 FR 96790")]


def test_a_cfr_list_runs_upwards_so_a_count_after_it_is_no_part() -> None:
    text = "BIS amended 15 CFR part 744, 12 entities were added."
    assert ids(text) == [("cfr", "15 CFR 744")]
    assert ids("See 31 CFR 850.209, 2 weeks later.") == [("cfr", "31 CFR 850.209")]
    assert ids("40 CFR parts 9 and 721 apply.") == [("cfr", "40 CFR 9"), ("cfr", "40 CFR 721")]


def test_room_numbers_in_a_list_are_not_eccns() -> None:
    assert ids("The BIS licensing seminar is in Rooms 3A210 and 3A212.") == []
    text = "ECCNs 3A090 and 4A090 apply; the desk is in Rooms 5A101, 5A102 or 5A103."
    assert ids(text) == [("eccn", "3A090"), ("eccn", "4A090")]


def test_numbered_list_items_are_not_bills() -> None:
    text = "Recommendations to Congress:\nS. 1 Fund BIS.\nS. 2 Fund the CHIPS Act.\nS. 3 Report."
    assert ids(text) == []
    assert ids("House office priorities: HR 1 Payroll; HR 2 Benefits.") == []
    assert ids("Senators passed S. 1 and then S. 686, the RESTRICT Act.") == [
        ("bill", "s1"),
        ("bill", "s686"),
    ]


def test_hr_and_a_year_is_a_bill_only_beside_the_word_bill() -> None:
    assert ids("The House Office sent its HR 2023 annual report to Congress.") == []
    assert ids("The House passed the bill HR 2023 on Tuesday.") == [("bill", "hr2023")]
    assert ids("Rep. Rogers' HR 2670 passed the House.") == [("bill", "hr2670")]


def test_a_bill_written_out_is_federal_only_in_a_text_about_congress() -> None:
    text = "Senate Bill 1260 was introduced in the 117th Congress."
    assert ids(text) == [("bill", "s1260-117")]
    assert ids("House Bill 4521 passed the U.S. House of Representatives.") == [("bill", "hr4521")]
    assert ids("Senate Bill 1047 passed the California Legislature; Congress watched.") == []
    assert ids("Senate Bill 1047 passed in Sacramento.") == []


def test_dockets_start_with_an_agency_regulations_gov_knows() -> None:
    text = "Invoice CASE-2023-0012, SSI-2024-00123, FOIA-2023-01234 and SR-CBOE-2024-0012."
    assert ids(text) == []
    assert ids("Dockets DOD-2023-OS-0063, ED-2023-OPE-0123 and OSTP-TECH-2023-0007.") == [
        ("docket", "DOD-2023-OS-0063"),
        ("docket", "ED-2023-OPE-0123"),
        ("docket", "OSTP-TECH-2023-0007"),
    ]
    link = "https://www.regulations.gov/document/DOD-2023-OS-0063-0001"
    assert ids("", (link,)) == [("docket", "DOD-2023-OS-0063")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("cited\u2014see 10.1109/ISSCC.2024.10454567\u2014by BIS", "10.1109/isscc.2024.10454567"),
        ("cites \u201cdoi:10.1257/aer.20230123\u201d as", "10.1257/aer.20230123"),
        ("https://doi.org/10.1016/j.respol.2023.104812/.", "10.1016/j.respol.2023.104812"),
        (
            "https://www.pnas.org/doi/10.1073/pnas.2301234120?utm_source=x&a=b",
            "10.1073/pnas.2301234120",
        ),
        ("[Link](https://doi.org/10.1016/j.respol.2023.104812).", "10.1016/j.respol.2023.104812"),
    ],
)
def test_a_doi_ends_before_dashes_curly_quotes_slashes_and_queries(text: str, want: str) -> None:
    assert ids(text) == [("doi", want)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The preprint (arXiv ID 2401.01234v3) was posted.", [("arxiv", "2401.01234")]),
        ("Posted as arXiv preprint 2310.06825 [cs.CL].", [("arxiv", "2310.06825")]),
        ("at https://arxiv.org/abs/2501.12948v1.", [("arxiv", "2501.12948")]),
        ("The proof is in arXiv:math.GT/0309136.", [("arxiv", "math/0309136")]),
        ("Circular physics/2021004 sets lab rules.", []),  # old-style ids end in March 2007
        ("arXiv:0612.1234 is not an id", []),  # new-style ids begin in April 2007
        ("arXiv:0704.0001 is the first", [("arxiv", "0704.0001")]),
        ("The 1997 paper hep-th/9711200 and quant-ph/0703001.", [
            ("arxiv", "hep-th/9711200"), ("arxiv", "quant-ph/0703001"),
        ]),
    ],
)  # fmt: skip
def test_arxiv_forms_and_dates(text: str, want: list[tuple[str, str]]) -> None:
    assert ids(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "商务部新闻发言人表示，海关总署公告2024年第33号自5月1日起实施。",
        "MOFCOM said the Working Mechanism's Announcement No. 1 of 2025 added two firms.",
        "MOFCOM welcomed Announcement No. 5 of 2024, issued by the State Administration for"
        " Market Regulation.",
    ],
)
def test_announcements_of_other_issuers_near_mofcom(text: str) -> None:
    assert ids(text) == []


def test_mofcom_announcements_beside_other_issuers_are_kept() -> None:
    assert ids("据商务部消息，商务部公告2024年第46号与海关总署公告2024年第33号同日发布。") == [
        ("mofcom", "2024-46")
    ]
    assert ids("MOFCOM Announcement No. 23 of 2023 by the Ministry of Commerce and GACC.") == [
        ("mofcom", "2023-23")
    ]


def test_sen_and_rep_are_a_bills_vocabulary() -> None:
    assert ids("Sen. Young's S.1260 cleared.") == [("bill", "s1260")]
    assert ids("Rep. Foxx's HR 5933 cleared.") == [("bill", "hr5933")]
    assert ids("Dr. Young's S.1260 sample.") == []


def test_sections_of_a_document_and_their_ranges_are_not_bills() -> None:
    assert ids("Sections S. 1 through S. 4 of the report to Congress.") == []
    assert ids("Recommendation S. 12 of the Senate report.") == []
    assert ids("The Senate passed S. 12 and S. 686.") == [("bill", "s12"), ("bill", "s686")]


def test_a_part_number_shaped_like_a_rin_is_not_one() -> None:
    assert ids("RIN 0694-AI94; part no. 1234-AB56 and model 2345-CD67") == [("rin", "0694-AI94")]
    assert ids("RINs 0694-AI94 and 0694-AJ05") == [("rin", "0694-AI94"), ("rin", "0694-AJ05")]


def test_a_short_number_after_the_slash_is_a_doi_only_after_doi() -> None:
    assert ids("The ratio was 10.2000/1, and 10.1234/5678 units shipped.") == []
    assert ids("doi:10.1234/5678") == [("doi", "10.1234/5678")]
    assert ids("see 10.1145/3579371.3589350") == [("doi", "10.1145/3579371.3589350")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Title 15, Code of Federal Regulations, Part 744", ["15 CFR 744"]),
        ("title 15 of the Code of Federal Regulations, part 744", ["15 CFR 744"]),
        ("Sections 744.21 and 744.23 of 15 CFR apply.", ["15 CFR 744.21", "15 CFR 744.23"]),
        ("Part 744 of Title 15 of the CFR", ["15 CFR 744"]),
        ("Title 15 of the CFR holds the EAR.", []),
    ],
)
def test_cfr_with_the_title_written_before_or_after(text: str, want: list[str]) -> None:
    assert ids(text) == [("cfr", cite) for cite in want]


def test_a_states_senate_bill_is_not_a_federal_one() -> None:
    text = "California's Senate Bill 1047 would regulate U.S. AI labs, Sen. Wiener said."
    assert ids(text) == []
    assert ids("Texas House Bill 20 and the U.S. Congress.") == []
    assert ids("Sen. Young's Senate Bill 1260 cleared the U.S. Senate.") == [("bill", "s1260")]
