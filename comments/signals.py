from django.dispatch import Signal

# Sent with `comment` (and `created=True` for a new one) when a comment is
# saved new or its status changes.
comment_status_changed = Signal()

# Sent with `comment` (new, not yet saved) and `request` once the form has built it, before
# moderation: an app above may fill in what only it knows (accounts: a signed-in reader's
# profile address).
comment_will_be_posted = Signal()
