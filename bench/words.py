"""The words the bench datasets are written in (and search queries drawn from)."""

import random

SEARCH_VOCABULARY = 20_000

WORDS = [
    "blog",
    "web",
    "page",
    "reader",
    "writer",
    "comment",
    "link",
    "feed",
    "archive",
    "category",
    "tag",
    "author",
    "post",
    "draft",
    "server",
    "browser",
    "cache",
    "query",
    "template",
    "image",
    "title",
    "paragraph",
    "network",
    "people",
    "social",
    "media",
    "story",
    "idea",
    "morning",
    "evening",
    "journey",
    "river",
    "mountain",
    "city",
    "garden",
    "book",
    "letter",
    "question",
    "answer",
    "moment",
    "history",
    "future",
    "simple",
    "careful",
    "quiet",
    "bright",
    "open",
    "small",
    "large",
    "early",
    "late",
    "think",
    "write",
    "read",
    "share",
    "follow",
    "publish",
    "build",
    "measure",
    "change",
    "keep",
    "find",
    "learn",
    "travel",
]


def search_vocabulary():
    """Made-up words, most common first: text drawn from them follows Zipf's law, as
    real text does, so a query's words match some posts, not every one."""
    rng = random.Random(5)
    letters = "bcdfghklmnprstvz"
    vowels = "aeiou"
    words = set()
    while len(words) < SEARCH_VOCABULARY:
        syllables = rng.randint(2, 4)
        words.add("".join(rng.choice(letters) + rng.choice(vowels) for _ in range(syllables)))
    return sorted(words, key=lambda w: (len(w), w))
