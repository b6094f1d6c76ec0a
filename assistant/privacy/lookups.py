"""The word lists names are recognised by: Dutch first names, surnames, interfixes, places and care institutions.

They come from the ``deduce`` package (the Dutch de-identification library of UMC Utrecht), whose lists are built
from the Meertens Instituut's name banks, CBS and the BAG. Only its data files are read: deduce's own annotators
are not run, because they took 94 s on 700 repeated surnames (a super-linear pattern, the very freeze this module
must prevent), 98 s to build their lookup cache and 4.4 GB of memory (measured 2026-12-08, deduce 3.0.6), and they
miss lower-case names ("sanne jansen"). A word list is read once per process.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

# Interfixes of Dutch surnames; "in", "op", "aan", "bij", "uit" only before an article ("in 't Veld"). Phrases of
# names leave them out, here as in the name finder, so that both spell a phrase alike.
INTERFIXES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "t", "'t", "la", "le", "du", "da",
                        "del", "di", "dos", "el", "al", "von", "zur", "vd", "v", "d'", "l'", "lo", "ibn", "bin"})
BEFORE_ARTICLE = frozenset({"in", "op", "aan", "bij", "uit"})


class MissingLookupData(RuntimeError):
    """The deduce package (its word lists) is not installed: redaction of names would be blind."""


class NameLists(BaseModel):
    model_config = ConfigDict(frozen=True)

    first_names: frozenset[str]  # lower case
    surnames: frozenset[str]  # lower case, one word each (multi-word surnames by their last word)
    places: frozenset[str]  # lower case words of Dutch places, municipalities, provinces and regions
    institutions: frozenset[str]  # lower case one-word names of care institutions ("pluryn")
    institution_phrases: frozenset[str]  # lower case names of several words, interfixes left out ("lunet zorg")
    common_words: frozenset[str]  # deduce's common and stop words: never a name on their own
    areas: frozenset[str]  # Dutch municipalities, regions and provinces as written ("Midden-Limburg", "Utrecht")


def _data_dir() -> Path:
    spec = importlib.util.find_spec("deduce")  # locates the package without importing (and running) it
    if spec is None or not spec.submodule_search_locations:
        raise MissingLookupData("Het pakket 'deduce' (naamlijsten voor het herkennen van persoonsgegevens) "
                                "ontbreekt: installeer met 'make install'.")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


def _items(folder: Path) -> list[str]:
    items = (folder / "items.txt").read_text(encoding="utf-8").splitlines()
    exceptions_file = folder / "exceptions.txt"
    exceptions = set(exceptions_file.read_text(encoding="utf-8").splitlines()) if exceptions_file.exists() else set()
    return [i.strip() for i in items if i.strip() and i.strip() not in exceptions]


def _words(entries: list[str]) -> set[str]:
    return {w for e in entries for w in e.lower().split()}


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    src = _data_dir()
    surnames = [*_items(src / "names/lst_surname"), *_items(src / "names/lst_interfix_surname")]
    places = [i for sub in ("lst_residence", "lst_municipality", "lst_province", "lst_region")
              for i in _items(src / "locations/lst_placename" / sub)]
    institutions = [i for sub in ("lst_healthcare_institution", "lst_hospital")
                    for i in _items(src / "institutions" / sub)]
    common = [*_items(src / "whitelist/lst_common_word"), *_items(src / "whitelist/lst_stop_word")]
    return NameLists(
        first_names=frozenset(n.lower() for n in _items(src / "names/lst_first_name")),
        surnames=frozenset(s.lower().split()[-1] for s in surnames),
        places=frozenset(_words(places)),
        institutions=frozenset(i.lower() for i in institutions if " " not in i),
        institution_phrases=frozenset(" ".join(w for w in i.lower().split() if w not in INTERFIXES)
                                      for i in institutions if " " in i),
        common_words=frozenset(_words(common)),
        areas=frozenset(i for sub in ("lst_municipality", "lst_region", "lst_province")
                        for i in _items(src / "locations/lst_placename" / sub)),
    )
