"""Turn a new partnership's details into the text of its first project files: layout, settings, themes and the marked examples.

`bulletin init` fills these with string.Template ($name...). The examples are an
invented case, marked as examples at the top of each file and on the page, and left as
drafts, so `bulletin publish` refuses them by name until they are replaced.
"""

from __future__ import annotations

from string import Template

LAYOUT = Template("""\
# $partnership's brand: every publication in layout "$layout" is printed with it.
# Colours were checked for contrast by `bulletin init`; the build checks them again.
# docs/layouts.md says what each token does.
partnership: $partnership_yaml
short_name: $short_name_yaml
$website_line${contact_lines}footer: $footer_yaml
colours:
  primary: "$primary"      # masthead, headings, links
  on_primary: "$on_primary"   # text on the masthead
  accent: "$accent"       # rules under headings, table row headers
  text: "#1a1a1a"
  background: "#ffffff"
  muted: "#4a4a4a"
  callout_bg: "$callout_bg"   # boxes
  link: "$primary"
$logo_lines""")

SETTINGS = """\
# Project settings. Nothing is changed from bulletin's defaults yet.
#
# When you decide that one of the build's findings does not apply to your
# publications, you can lower its severity here, with a reason in your own words.
# The reason is printed in the accessibility statement (dist/reports/), so write
# what is true for your partnership. For example:
#
# checks:
#   a11y.sentence-length:
#     severity: info
#     reason: >-
#       Our briefings quote the review's findings word for word.
#
# docs/checks.md lists every check; docs/guide.md says when to accept one.
checks: {}
"""

# The national Child Safeguarding Practice Review Panel's cross-cutting practice themes
# (annual reports 2019 and 2020), as a vocabulary to start from.
THEMES = """\
# The theme vocabulary: every theme a review may be tagged with. The key (before the
# colon) is the name sources use; the label is what is printed. It starts with the
# national Child Safeguarding Practice Review Panel's practice themes; add your own,
# one block each.
childs-daily-life:
  label: Understanding what the child's daily life is like
  description: Seeing and hearing each child, and knowing what a day in their life is like.
reluctant-to-engage:
  label: Working with families who are reluctant to engage
  description: Families who avoid, resist or only appear to work with services, and how practitioners respond.
critical-thinking:
  label: Critical thinking and challenge
  description: Testing what we are told, keeping an open mind, and challenging each other's views of risk.
changing-risk:
  label: Responding to changing risk and need
  description: Noticing when a family's circumstances change, and reassessing risk when they do.
information-sharing:
  label: Sharing information in a timely way
  description: Agencies sharing what they know, in time, with those who need it.
leadership-and-culture:
  label: Organisational leadership and culture for good practice
  description: Supervision, workload and leadership that let practitioners do their best work.
"""

EXAMPLE_REVIEW = Template("""\
# EXAMPLE review, written by `bulletin init` to show how a review is written.
# Child A is invented: nothing here is about a real family. When your own first
# review builds, delete this file and sources/publications/$briefing.yaml.
# docs/guide.md walks through writing a review; docs/sources.md lists every field.
subject: Child A
review_type: child-safeguarding-practice-review
partnership: $layout
published: $month
themes:
  - childs-daily-life
  - information-sharing
background: |
  This is an example. Child A is an invented child, and this case is not real.

  Child A was four years old. She lived with her mother and her mother's partner.
  Several services knew the family. Each saw part of the picture, but nobody put the
  parts together.
findings: |
  Staff were kind and committed. But they did not always ask what each day was like
  for Child A, and they did not always share what they knew.
learning:
  - title: Seeing the child's daily life
    themes: [childs-daily-life]
    finding: |
      Home visits focused on the adults. Child A was seldom seen on her own, and
      nobody asked her nursery how she was.
    practice: |
      - **See the child** on their own, and write down what they say and do.
      - Ask the people who see the child every day, such as the nursery.
  - title: Sharing information in time
    themes: [information-sharing]
    finding: |
      The health visitor and the nursery both had worries. Neither knew that the
      other was worried too.
    practice: |
      - **Share a worry** when you have it. Do not wait until you are sure.
key_learning: |
  - Ask what a day in the child's life is like.
  - Tell other services what you know, and ask what they know.
recommendations:
  items:
    - text: The partnership will run short sessions on seeing the child's daily life.
      owner: Partnership training team
      due: $due
questions:
  - How do you find out what a child's day is like?
  - Who else might know something that you do not?
""")

EXAMPLE_BRIEFING = Template("""\
# EXAMPLE briefing, written by `bulletin init`: it prints the example review
# sources/reviews/$review.yaml. It stays a draft, so it is never published.
# Delete both files when your own first briefing builds.
kind: briefing
layout: $layout
kicker: Example only – not a real case
title: "Example: learning from the review about Child A"
status: draft
review: $review
intro: |
  This briefing is an example. It shows how a review becomes a briefing. Build it,
  look at it, and then write your own.
""")

GITIGNORE = """\
# Made by bulletin: rebuilt from the sources whenever needed.
dist/
publish/
.bulletin-cache/
"""
