"""The adapters that hold every use of a library's private API, exercised on the installed
versions: an upgrade that renames or reshapes what they read fails here, by name."""

import re
from pathlib import Path

import weasyprint

from bulletin.render.weasyprint_adapter import page_area

SRC = Path(__file__).resolve().parents[1] / "src" / "bulletin"

PAGE = """<!DOCTYPE html><html><head><style>
@page { size: 200px 300px; margin: 20px; @bottom-left { content: "footer" } }
body, p { margin: 0; font-size: 10px; line-height: 20px; }
nav { height: 40px; }
</style></head><body><nav><p>contents</p></nav><p>one</p><p>two</p></body></html>"""


def test_weasyprint_page_area_reads_the_laid_out_boxes():
    document = weasyprint.HTML(string=PAGE).render()
    area = page_area(document.pages[0])
    assert (area.top, area.height) == (20, 260)  # the content box inside the 20px margins
    nav = [b for b in area.flow if b.tag == "nav" and b.block]
    assert len(nav) == 1 and (nav[0].top, nav[0].height, nav[0].bottom) == (20, 40, 60)
    lines = [b for b in area.flow if b.line]
    assert len(lines) == 3  # 'contents', 'one', 'two': the footer's line is not in the flow
    assert max(b.bottom for b in lines) == 100  # nav (40) + two 20px lines below it


def test_weasyprint_private_names_are_read_only_in_the_adapter():
    private = re.compile(r"\._page_box\b|weasyprint\.formatting_structure|weasyprint\.layout\b")
    users = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if private.search(p.read_text())}
    assert users == {"render/weasyprint_adapter.py"}
