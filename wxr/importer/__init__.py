"""Write a WXR file's records to the database: one transaction, safe to run twice.

What becomes what:
- authors → inactive users with no usable password, matched by login;
- categories (nested, by nicename) and tags (by slug), also those only named on items;
- posts → `Post`, matched by GUID, then WordPress id (a post written here: by title and
  date, as WordPress matches); comments → `Comment`, matched by (post, WordPress comment
  id), threaded, with their status and kind;
- pages → flat pages at their nested URL; attachments → `Attachment` (their URL);
  `_thumbnail_id` → the post's featured image;
- old addresses (`<link>`, `/?page_id=`) → redirects.

Imported posts and comments are inserted as fixtures are, in batches and without the
save signals: as with WordPress's own importer, old content sends no pingbacks,
trackbacks or comment notifications, and the page cache is told once at the end.
What the matching needs is held in memory as ids and keys only, so memory grows with
the number of posts, not with their text. Anything that cannot be kept is counted,
with the reason, in the summary rather than silently dropped.

The package has a module per record kind (`authors`, `terms`, `posts`, `comments`,
`attachments`, `pages`, `redirects`), each a mixin owning that kind's methods and the
state they keep; `run.Importer` combines them and walks the file.
"""

from .run import Importer
from .summary import Summary

__all__ = ["Importer", "Summary"]
