"""Turn Faker's lists of given names into the set the content rules look a first name up in.

The names come from Faker (MIT, maintained), whose person providers hold given names
by locale: en_GB's are the Office for National Statistics' most common names, en_IE,
en_NZ and en_US add more of those given to children in England now (Jayden, Kai), and
en_IN and en_PK the South Asian names common in English towns. The list is read on
first use, so a build that never looks a name up never imports Faker.

The set includes names that are also everyday words ("Grace", "Hope", "Mark", "April"):
the rules look a word up only where a name is expected (after "known as", inside
brackets after a pseudonym, after "Child F's mother,"), or need a surname after it.
"""

from __future__ import annotations

import importlib
from functools import cache

# Faker's locales whose given names are used; each is a module faker.providers.person.<locale>.
LOCALES = ("en_GB", "en_IE", "en_NZ", "en_US", "en_IN", "en_PK")
_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


@cache
def given_names() -> frozenset[str]:
    """Every given name in the chosen Faker locales, spelt as Faker spells it ('Sarah')."""
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in _ATTRIBUTES:
            names.update(n for n in getattr(provider, attribute, ()) if n.isalpha() and len(n) > 1)
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """True for a capitalised word that is a given name ('Jayden'); hyphenated names
    ('Mary-Jane') count when their first part is one."""
    first = word.split("-", 1)[0]
    return first[:1].isupper() and first in given_names()
