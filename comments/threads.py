"""The comment tree of a post page, built in Python from one query."""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Node:
    comment: object
    depth: int = 1
    children: list = field(default_factory=list)


def build_tree(comments, max_depth):
    """Nest replies under their parents, in the order given.

    Replies below `max_depth` are shown at the deepest level, after their
    parent, as WordPress does. A reply whose parent is not shown (held, spam,
    trashed) starts a thread of its own.
    """
    shown = {c.pk for c in comments}
    replies = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id in shown:
            replies[comment.parent_id].append(comment)
        else:
            roots.append(comment)

    tree = []
    stack = [(comment, 1, tree) for comment in reversed(roots)]
    while stack:
        comment, depth, container = stack.pop()
        node = Node(comment, depth)
        container.append(node)
        if depth < max_depth:
            child_depth, child_container = depth + 1, node.children
        else:
            child_depth, child_container = depth, container
        stack.extend(
            (reply, child_depth, child_container) for reply in reversed(replies[comment.pk])
        )
    return tree
