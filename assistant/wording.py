"""The fixed Dutch sentences of the assistant: clarifications, refusals, notices."""

from __future__ import annotations

from verwijswijzer.corpus import DocumentMeta

ASK_REGION = "Voor welke regio (of gemeente) is uw vraag? De regels verschillen per regio."
WHO_CAN_HELP = ("Neem voor deze vraag contact op met de gemeentelijke toegang (het jeugdteam) of de contractmanager "
                "jeugdhulp van uw gemeente.")


def refusal(region_name: str | None, documents: list[DocumentMeta], reason: str = "") -> str:
    searched = "; ".join(d.title for d in documents)
    where = f"voor {region_name} " if region_name else ""
    text = f"Dit staat niet in de handboeken die ik {where}heb doorzocht ({searched})."
    if reason:
        text += f" {reason}"
    return f"{text} {WHO_CAN_HELP}"


def source_intro(title: str, section: str) -> str:
    tail = section.split(" > ")[-1] if section else ""
    return f"Volgens {title}" + (f" ({tail})" if tail else "")
