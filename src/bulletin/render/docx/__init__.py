"""Turn publication HTML into a Word file: the writer and the modules it is made of.

`writer.py` walks the template contract's tree; `styles.py`, `page.py`, `tables.py`,
`inline.py` and `fonts.py` make its parts; `xml.py` is the one place that touches
python-docx's private attributes; `parity.py` reads a Word file back for comparison;
`libreoffice.py` lays a Word file out as pages where LibreOffice is installed.
"""
