"""The import's report: what was imported, what was skipped and why, and warnings.

Everything the importer cannot keep is counted here with its reason, so the report
says what happened to every record rather than dropping anything silently.
"""

from collections import Counter, defaultdict


class Summary:
    """Counts of what was imported and skipped (with reasons), and warnings, for the report."""

    ORDER = ("authors", "categories", "tags", "posts", "pages", "attachments", "comments")

    def __init__(self):
        self.imported = Counter()
        self.details = defaultdict(Counter)
        self.skipped = defaultdict(Counter)
        self.warnings = Counter()
        self.version = ""
        self.source = ""

    def add(self, kind, detail=None):
        self.imported[kind] += 1
        if detail:
            self.details[kind][detail] += 1

    def skip(self, kind, reason):
        self.skipped[kind][reason] += 1

    def warn(self, message):
        self.warnings[message] += 1

    def lines(self, *, dry_run=False):
        kinds = [*self.ORDER, *(k for k in self.imported if k not in self.ORDER)]
        parts = []
        for kind in kinds:
            if kind not in self.imported and kind not in self.ORDER[:5]:
                continue
            part = f"{self.imported[kind]} {kind}"
            if self.details[kind]:
                part += " (" + ", ".join(f"{n} {d}" for d, n in self.details[kind].items()) + ")"
            parts.append(part)
        lines = []
        if self.version or self.source:
            lines.append(f"WXR {self.version or '?'}: {self.source}".rstrip(": "))
        lines.append(("Would import: " if dry_run else "Imported: ") + "; ".join(parts))
        if self.skipped:
            lines.append("Skipped:")
            for kind, reasons in self.skipped.items():
                for reason, n in reasons.items():
                    lines.append(f"  {kind}: {n} {reason}")
        if self.warnings:
            lines.append("Warnings:")
            for message, n in self.warnings.items():
                lines.append(f"  {message}" + (f" (×{n})" if n > 1 else ""))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return lines
