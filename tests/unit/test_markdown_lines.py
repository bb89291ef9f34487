"""One set of Markdown line rules: the section finder and the reflow see the same code blocks."""

from __future__ import annotations

from tui_reader.layout import soft_breaks
from tui_reader.markdown_lines import fence_closes, fence_opening
from tui_reader.sections import find_sections

NESTED = (
    "# Guide\n\n"
    "Prose that is\nhard wrapped.\n\n"
    "~~~markdown\n"
    "```\n"
    "# Not a heading\n"
    "first code line\n"
    "second code line\n"
    "~~~\n\n"
    "More prose that\nis wrapped too.\n"
)


def joined(text: str) -> list[str]:
    """The lines the reflow joins to the next one."""
    return [text[text.rfind("\n", 0, b) + 1 : b] for b in sorted(soft_breaks(text))]


def test_a_backtick_line_inside_a_tilde_fence_is_code_for_the_reflow_as_for_the_sections():
    titles = [s.title for s in find_sections(NESTED, markdown=True)[1]]
    assert titles == ["Guide"]  # "# Not a heading" is inside the code block
    # the code lines keep their breaks; the prose on both sides is reflowed
    assert joined(NESTED) == ["Prose that is", "More prose that"]


def test_a_fence_with_an_info_string_does_not_close_a_code_block():
    text = "```\nfirst = 1\n```python\nsecond = 2\nthird = 3\n```\n\nSome prose\nwrapped.\n"
    assert joined(text) == ["Some prose"]


def test_fence_rules():
    assert fence_opening("```python") == ("`", 3)
    assert fence_opening("   ~~~~") == ("~", 4)
    assert fence_opening("    ```") is None  # indented code, not a fence
    assert fence_opening("``` a`b") is None  # a backtick fence's info string has no backtick
    assert fence_closes("````", "`", 3) and fence_closes("  ```  ", "`", 3)
    assert not fence_closes("``", "`", 3) and not fence_closes("~~~", "`", 3) and not fence_closes("```js", "`", 3)
