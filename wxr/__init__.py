"""WordPress eXtended RSS (WXR): moving a WordPress blog in, and giving it back.

- `reader`: streams a WXR 1.0–1.2 file into plain records, refusing bad files with
  the element, line and column at fault.
- `content`: renders WordPress post and comment text as WordPress shows it
  (autop, shortcodes, block comments, the more tag), through the one sanitizer.
- `importer`: writes the records to the database in one transaction, idempotently;
  a package with a module per record kind.
- `statuses`: post and comment statuses in WordPress's words and ours, both ways.
- `exporter`: writes the blog back out as WXR 1.2.

The management commands `import_wxr` and `export_wxr` are thin shells around these.
"""

from .reader import WXRError

__all__ = ["WXRError"]
