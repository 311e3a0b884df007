"""Finding active content in an uploaded PDF: scripts and actions that run on opening.

A PDF can carry JavaScript (document-level, on opening, on a page or a field), launch a
program, submit or import data, or open a web address by itself. None of these belongs in
evidence or a scanned paper; such a file is refused at upload with a message saying how to
make a clean copy. Two looks: every object reachable from the trailer (pyHanko resolves
compressed object streams and `#xx` escapes in names), and the raw bytes, which also see
objects nothing points to.
"""

import contextlib
import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

# Action types that run something or send something without the reader choosing to.
_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/GoToE"}
)
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript"})
# Triggers that fire without a click; their action must not even open a web address.
_AUTOMATIC = frozenset({"/OpenAction", "/AA"})
_MAX_OBJECTS = 200_000
_RAW = re.compile(rb"/(JavaScript|JS|Launch|SubmitForm|ImportData|RichMediaExecute)(?![A-Za-z0-9#_.-])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _raw_findings(data: bytes) -> set[str]:
    unescaped = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    return {f"/{m.group(1).decode()}" for m in _RAW.finditer(unescaped)}


def _action_types(value) -> set[str]:
    """The /S of an action dictionary, and of every action chained after it (/Next)."""
    found: set[str] = set()
    pending, seen = [value], 0
    while pending and seen < 100:
        seen += 1
        item = pending.pop()
        if isinstance(item, generic.IndirectObject):
            item = item.get_object()
        if isinstance(item, generic.DictionaryObject):
            kind = item.get("/S")
            if kind is not None:
                found.add(str(kind))
            nxt = item.get("/Next")
            if nxt is not None:
                pending.append(nxt)
            for trigger in item.values() if "/S" not in item else ():
                pending.append(trigger)  # an /AA dictionary: one action per trigger
        elif isinstance(item, generic.ArrayObject):
            pending.extend(item)
    return found


def _parsed_findings(data: bytes) -> set[str]:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    found: set[str] = set()
    pending = [reader.trailer_view]
    seen: set = set()
    count = 0
    while pending and count < _MAX_OBJECTS:
        item = pending.pop()
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        count += 1
        if isinstance(item, generic.DictionaryObject):
            for name, value in item.items():
                name = str(name)
                if name in _ACTIVE_KEYS:
                    found.add(name)
                elif name == "/S" and str(value) in _ACTIVE_ACTIONS:
                    found.add(str(value))
                elif name in _AUTOMATIC:
                    kinds = _action_types(value)
                    if kinds & (_ACTIVE_ACTIONS | {"/URI"}):
                        found.add(name)
                    found.update(kinds & _ACTIVE_ACTIONS)
                if name not in ("/Parent", "/P"):
                    pending.append(value)
        elif isinstance(item, generic.ArrayObject):
            pending.extend(item)
    return found


def active_content(data: bytes) -> list[str]:
    """The names of what would run (`/JavaScript`, `/Launch`, `/OpenAction`…); [] when clean."""
    found = _raw_findings(data)
    # An unparseable PDF keeps the raw look's verdict.
    with contextlib.suppress(Exception):
        found |= _parsed_findings(data)
    return sorted(found)
