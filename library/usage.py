"""Where a library item is used, asked of the apps that use it.

The library sits below the apps that put its files on pages, so it cannot look
into their models; each of them registers a function `finder(item)` returning
the objects (posts, pages…) that show the item. The admin names them before an
item is deleted and on the item's screen.
"""

_finders = []


def register(finder):
    """Add `finder(item) -> iterable of model instances` to what `used_in` asks."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def used_in(item):
    """Every object that shows `item`, from every registered finder."""
    return [found for finder in _finders for found in finder(item)]
