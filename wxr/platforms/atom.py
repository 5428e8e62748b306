"""A safe parse of an Atom document, for the Blogger export: nothing fetched or expanded.

lxml with entities unresolved, no DTD loaded and no network, as `wxr.reader` reads
WXR; a DOCTYPE, which neither Blogger export has, is refused outright, so no entity
declared in one can be expanded. Syntax errors come back with their line and column.
"""

from lxml import etree

from .records import FormatError

ATOM = "http://www.w3.org/2005/Atom"


def parse(data, *, what):
    """The root element of the XML in `data`; FormatError naming `what` it should be."""
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        cut = (
            " (is the file cut short?)" if "end of data" in str(exc) or "EndTag" in str(exc) else ""
        )
        raise FormatError(f"Not well-formed XML{cut}: {exc.msg}", line, column) from exc
    except ValueError as exc:  # e.g. an empty file
        raise FormatError(f"Not {what}: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise FormatError(f"{what[0].upper()}{what[1:]} has no <!DOCTYPE>; this file is refused")
    return root


def atom(name):
    return f"{{{ATOM}}}{name}"


def text(element, name, namespace=ATOM):
    """The text of the first child `name` (in `namespace`), stripped; "" if there is none."""
    child = element.find(f"{{{namespace}}}{name}")
    return "".join(child.itertext()).strip() if child is not None else ""
