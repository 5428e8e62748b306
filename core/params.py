"""Reading ids and page numbers from URLs: anything but plain ASCII digits is no number."""


def positive_int(value):
    """`value` as an int ≥ 1, or None (for "", "abc", "-1", "0", "²", "1.0", …)."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number >= 1 else None
