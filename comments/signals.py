from django.dispatch import Signal

# Sent with `comment` (and `created=True` for a new one) when a comment is
# saved new or its status changes.
comment_status_changed = Signal()
