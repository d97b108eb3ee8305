"""The reader's rendering of block elements: preformatted text, rules, tables, lists."""

from __future__ import annotations

import io

from rich.console import Console

from scitui.tui.render import body


def shown(html: str, width: int = 60) -> list[str]:
    """The body as the lines a terminal of ``width`` shows, trailing blanks dropped."""
    out = io.StringIO()
    Console(width=width, file=out, color_system=None).print(body(html, ""))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_preformatted_text_keeps_its_lines_and_spaces() -> None:
    lines = shown("<p>Before.</p><pre>ECCN   3A090\n  .a  HBM\n</pre><p>After.</p>")
    assert "  ECCN   3A090" in lines
    assert "    .a  HBM" in lines  # indented two, its own two spaces kept
    assert lines.index("  ECCN   3A090") > lines.index("Before.")


def test_a_rule_is_a_line_of_its_own() -> None:
    lines = shown("<p>One.</p><hr><p>Two.</p>")
    rule = next(line for line in lines if set(line) == {"─"})
    assert lines.index("One.") < lines.index(rule) < lines.index("Two.")


def test_a_table_shows_each_row_with_its_cells_in_order() -> None:
    lines = shown(
        "<table><tr><th>Part</th><th>Date</th></tr>"
        "<tr><td>744</td><td>2024-12-02</td></tr><tr><td></td><td>only</td></tr></table>"
    )
    assert "Part │ Date" in lines
    assert "744 │ 2024-12-02" in lines
    assert "only" in lines


def test_ordered_lists_are_numbered_and_nested_lists_indented() -> None:
    lines = shown(
        "<ol><li>First step</li><li>Second step<ul><li>inner point</li></ul></li>"
        "<li>Third step</li></ol>"
    )
    assert lines[0] == "1. First step"
    assert lines[1] == "2. Second step"
    assert lines[2].strip() == "◦ inner point" and lines[2].startswith("   ")
    assert lines[3] == "3. Third step"


def test_markup_in_a_table_or_pre_is_shown_as_written() -> None:
    lines = shown("<pre>[bold]x[/bold]</pre><table><tr><td>[@click=app.quit]t[/]</td></tr></table>")
    assert "  [bold]x[/bold]" in lines
    assert "[@click=app.quit]t[/]" in lines
