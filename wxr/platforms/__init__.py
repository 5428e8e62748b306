"""Moving in from Ghost, Blogger or any RSS/Atom feed, beside the WordPress import.

Each platform has a reader that turns its export into plain records (`records`), and
they all share one writer (`writer`): the WordPress importer's authors, terms, posts,
comments, pages, media and redirects, in one transaction, safe to run twice.

- `source`: reads the file or URL, bounded in size (URLs only through `core.fetch`);
- `ghost`: Ghost's JSON export (4.x, 5.x), with `lexical` and `mobiledoc` rendered
  to HTML by `lexical` and `mobiledoc` when a post has no `html`;
- `blogger`: Blogger's classic Atom export and the Takeout `feed.atom`, read by
  `atom` (a safe lxml parse);
- `feed`: any RSS or Atom feed, through feedparser.

The commands `import_ghost`, `import_blogger` and `import_feed` are thin shells around
`command.PlatformImportCommand`, which holds their shared options.
"""
