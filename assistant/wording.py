"""The fixed Dutch sentences of the assistant: clarifications, refusals, notices."""

from __future__ import annotations

from assistant.scope import OutOfScope
from verwijswijzer.corpus import DocumentMeta

ASK_REGION = "Voor welke regio (of gemeente) is je vraag? De regels verschillen per regio."
WHO_CAN_HELP = ("Neem voor deze vraag contact op met de gemeentelijke toegang (het jeugdteam) of de contractmanager "
                "jeugdhulp van je gemeente.")


def ask_known_number(written: str, region_name: str, options: list[str]) -> str:
    """A numbered product the region does not have ("Perspectief 3"): say so and ask which one is meant."""
    listed = ", ".join(options[:-1]) + f" en {options[-1]}" if len(options) > 1 else options[0]
    return f"{written} komt in de documenten voor {region_name} niet voor; daar staan {listed}. Welke bedoel je?"


def refusal(region_name: str | None, documents: list[DocumentMeta], reason: str = "") -> str:
    """A refusal that opens with what is missing ("De documenten bevatten geen tarief voor 2025; …"), or that the
    documents do not answer it, then which documents were searched and whom to ask."""
    where = f" voor {region_name}" if region_name else ""
    head = reason or f"Dit staat niet in de documenten{where}."
    searched = "; ".join(d.title for d in documents)
    return f"{head} Doorzocht: {searched}. {WHO_CAN_HELP}"


def scope_reason(outside: OutOfScope, region_name: str | None) -> str:
    """Why a place or product is outside the documents, and what they do cover."""
    if outside.kind == "place":
        return f"{outside.what} staat niet in de documenten: die beschrijven {_listed(outside.covered)}."
    where = f" voor {region_name}" if region_name else ""
    elsewhere = f"; wel in de documenten voor {_listed(outside.covered)}" if outside.covered else ""
    return f"{outside.what} komt in de documenten{where} niet voor{elsewhere}."


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" en {names[-1]}" if len(names) > 1 else "".join(names)


def off_topic(documents: list[DocumentMeta]) -> str:
    titles = "; ".join(d.title for d in documents)
    return (f"Daar gaan de documenten die ik doorzoek niet over ({titles}). Ik beantwoord vragen over "
            "jeugdhulp en verwijzen: producten, tarieven, voorwaarden, stappen en termijnen.")


def source_line(title: str, section: str) -> str:
    """Where the opening quote stands, on a line of its own: "(Bron: Handboek …, Bekostiging)"."""
    tail = section.split(" > ")[-1] if section else ""
    return f"(Bron: {title}" + (f", {tail})" if tail else ")")


def source_intro(title: str, section: str) -> str:
    tail = section.split(" > ")[-1] if section else ""
    return f"Volgens {title}" + (f" ({tail})" if tail else "")
