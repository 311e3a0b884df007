"""The commission's own language for what is stored or issued, whatever the screen shows.

Interface labels are lazy translations; what goes into the database (timeline entries,
to-dos, audit summaries) or onto official papers stays in the commission's language
(`settings.LANGUAGE_CODE`, Simplified Chinese), even when the person acting reads English.
"""

from django.conf import settings
from django.utils import translation


def official_language():
    """A context manager: translations inside it come out in the commission's language."""
    return translation.override(settings.LANGUAGE_CODE)


def official(text) -> str:
    """`text` (a lazy translation or a plain string) in the commission's language."""
    with official_language():
        return str(text)
