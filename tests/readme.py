"""The README's fenced code blocks, by section: the examples are tested as written there."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks(heading):
    """The fenced code blocks of the README section under ``heading``: [(language, code)]."""
    section = README.read_text().split(heading + "\n", 1)[1]
    found = []
    for language, code, text in re.findall(r"```(\w+)\n(.*?)```|(\n#{2,3} )", section, re.S):
        if text:
            break
        found.append((language, code))
    return found
