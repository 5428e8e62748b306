"""Sign in with a Mastodon account on any instance: the blog registers itself there once."""
