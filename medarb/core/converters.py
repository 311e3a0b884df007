"""The `<id:…>` path converter: digits that fit a 64-bit integer column, nothing else.

Django's `<int:…>` matches any run of digits, so `/cases/1000000000000000000000000000000/`
reached the database and failed there (SQLite: OverflowError, a 500). An id too long for
the column is simply no page: the resolver answers 404.
"""

from medarb.core.forms import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the resolver tries the next pattern, then 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))
