"""Write a WXR file's records to the database: one transaction, safe to run twice.

What becomes what:
- authors → inactive users with no usable password, matched by login;
- categories (nested, by nicename) and tags (by slug), also those only named on items;
- posts → `Post`, matched as WordPress's `post_exists()` does, by title and date, the
  WordPress id first (see `posts`); comments → `Comment`, matched by (post, WordPress
  comment id), threaded, with their status and kind;
- pages → pages at their nested URL, with their comments; attachments → `Attachment`
  (their URL); `_thumbnail_id` → the post's featured image;
- navigation menus (`nav_menu` terms, `nav_menu_item` items) → `Menu` and `MenuItem`,
  pointing at the imported pages, posts, categories and tags, nested and in order;
- post formats (`post_format` terms) → `Post.format`;
- old addresses (`<link>`, `/?page_id=`) → redirects.

Imported posts and comments are inserted as fixtures are, in batches and without the
save signals: as with WordPress's own importer, old content sends no pingbacks,
trackbacks or comment notifications, and the page cache is told once at the end.
What the matching needs is held in memory as ids and keys only, so memory grows with
the number of posts, not with their text. Anything that cannot be kept is counted,
with the reason, in the summary rather than silently dropped.

The package has a module per record kind (`authors`, `terms`, `posts`, `comments`,
`attachments`, `pages`, `menus`, `redirects`), each a mixin owning that kind's methods and the
state they keep; `run.Importer` combines them and walks the file.
"""

from .run import Importer
from .summary import Summary

__all__ = ["Importer", "Summary"]
