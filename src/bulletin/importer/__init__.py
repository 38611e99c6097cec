"""`bulletin import`: Word briefings (.docx) into draft review and publication sources.

read (Word XML -> blocks, with inline.py for runs) -> shape (unstyled documents: bold
lines as headings, typed bullets as lists, layout tables in reading order) -> document
(title, masthead, pseudonym via subject.py, sections; briefing.py and kinds.py map them
to fields, with labels.py naming them and text.py writing Markdown) -> write (YAML) ->
command (the CLI).
"""
