"""Small PDFs with and without active content, for tests (written with pyHanko's writer)."""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import PdfFileWriter


def _name(value: str) -> generic.NameObject:
    return generic.NameObject(value)


def _action(kind: str, **entries: str) -> generic.DictionaryObject:
    action = generic.DictionaryObject({_name("/S"): _name(kind)})
    for key, value in entries.items():
        action[_name(f"/{key}")] = generic.TextStringObject(value)
    return action


def pdf(
    *, open_action: str | None = None, page_action: str | None = None, in_object_stream: bool = False
) -> bytes:
    """A one-page PDF. `open_action`/`page_action`: "javascript", "launch", "uri" or "goto"."""
    writer = PdfFileWriter()
    stream = writer.prepare_object_stream() if in_object_stream else None
    actions = {
        "javascript": lambda: _action("/JavaScript", JS="app.alert('x')"),
        "launch": lambda: _action("/Launch", F="cmd.exe"),
        "uri": lambda: _action("/URI", URI="http://example.invalid/"),
        "goto": lambda: generic.ArrayObject([generic.NumberObject(0), _name("/Fit")]),
    }
    if open_action:
        writer.root[_name("/OpenAction")] = writer.add_object(actions[open_action](), obj_stream=stream)
    if page_action:
        trigger = generic.DictionaryObject(
            {_name("/O"): writer.add_object(actions[page_action](), obj_stream=stream)}
        )
        writer.root[_name("/AA")] = trigger
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
