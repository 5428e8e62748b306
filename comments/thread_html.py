"""The comment thread of a post page as HTML, in one pass over the tree.

Each comment brings its own stored HTML (comments/rendering.py); what is put around
it depends on the page: the list item with its threading depth, the reply link
(while comments are open and the thread may go deeper), the reader's own edit
links, the nested list of replies. This is the page's hot loop, run on every
uncached request for every comment shown, so the few tags around each comment are
joined here rather than rendered by a template included per comment.
"""

from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

ITEM = (
    '<li id="comment-{pk}" class="comment depth-{depth}{pending}">\n'
    '<article class="comment-body">\n'
)
REPLY = (
    '<p class="reply"><a class="comment-reply-link" rel="nofollow" href="?replytocom={pk}#respond"'
    ' data-comment-id="{pk}" data-author="{name}" aria-label="Reply to {name}">Reply</a></p>\n'
)


def thread_html(nodes, *, can_reply, thread_depth):
    """The list items of `nodes` (`threads.Node`s of `threads.Row`s) and their replies."""
    own_actions = get_template("comments/_comment_own_actions.html")
    parts = []
    # Depth first, without recursion: a node's closing tags wait on the stack for its replies.
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        row = node.comment
        pending = row.is_pending
        parts.append(
            ITEM.format(pk=row.pk, depth=node.depth, pending=" is-pending" if pending else "")
        )
        parts.append(row.html)
        if row.edit_url:
            parts.append(own_actions.render(row.own_actions()))
        if can_reply and node.depth < thread_depth and not pending:
            parts.append(REPLY.format(pk=row.pk, name=conditional_escape(row.author_name)))
        parts.append("</article>\n")
        if node.children:
            parts.append('<ol class="children">\n')
            stack.append("</ol>\n</li>\n")
            stack.extend(reversed(node.children))
        else:
            parts.append("</li>\n")
    return mark_safe("".join(parts))  # stored HTML is rendered; names are escaped
