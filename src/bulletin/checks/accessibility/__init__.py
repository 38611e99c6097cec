"""Turn sources, layouts and built outputs into accessibility diagnostics.

`run.py` is the build's one entry; `source.py`, `html.py`, `pdf.py` and `docx.py` read
each format, `contrast.py` the layout's colours, `prose.py` the reading level, `axe.py`
(with `page_server.py`) runs axe-core in Chromium, `report.py` writes the statement.
"""
