"""Track lists: the songs of a list after a line that announces it ("The track list of the record:"), with
their featured artists, and the artist and album a heading runs together ("Ana Ruiz Salt Lines Tracklist:").
A recogniser of the :class:`kg.extract.finder.Finder`, run among those of :mod:`kg.extract.lineforms`.
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.names import Mention, split_list


def tracklists(f: Any) -> None:
    """The songs of a track list: short title lines after a line that announces them ("The track list
    of the record:"), each with its featured artists ("Night Swim (Feat. Ada Roe)")."""
    lines = list(f.line_texts())
    k = 0
    while k < len(lines):
        if not re.search(r"(?i)\b(?:track ?list(?:ing)?|track listing|tracks|songs)\b[^.]*:\s*$", lines[k][1]):
            k += 1
            continue
        _artist_and_album(f, *lines[k])
        k += 1
        while k < len(lines):
            at, line = lines[k]
            title = re.sub(r"^\d{1,2}[.)]?\s+", "", line)
            feat = re.search(r"\s*\((?:feat\.?|ft\.?|featuring)\s+([^)]+)\)\s*$", title, re.IGNORECASE)
            name = title[:feat.start()] if feat else title.strip()
            if len(name.split()) > 8 or not name or not (name[0].isupper() or name[0].isdigit()):
                break
            start = at + len(line) - len(title)
            f.add(Mention(start, start + len(name), name, "work", "Song", "tracklist"))
            if feat:
                for s, e in split_list(feat.group(1)):
                    item = feat.group(1)[s:e]
                    offset = start + feat.start(1) + s
                    f.add(Mention(offset, offset + len(item), item, "person", None, "credit"))
            k += 1


def _artist_and_album(f: Any, at: int, line: str) -> None:
    """The heading of a track list that runs the artist and the album together ("Ana Ruiz Salt Lines
    Tracklist:"): the artist a person spaCy names elsewhere in the article, the rest the album."""
    m = re.match(r"^(?P<run>[A-Z0-9][\w'’.&-]*(?: [A-Z0-9][\w'’.&-]*){1,8}) [Tt]rack ?[Ll]ist(?:ing)?\s*:\s*$", line)
    if m is None:
        return
    run = m.group("run")
    artist = next((p for p in sorted(f.known_people(), key=len, reverse=True) if run.startswith(p + " ")), None)
    if artist is None:
        return
    album = run[len(artist) + 1:]
    f.add(Mention(at, at + len(artist), artist, "person", "Person", "credit"))
    f.add(Mention(at + len(artist) + 1, at + len(run), album, "work", "Album", "tracklist"))
