"""Empty spam and trash older than 30 days, as WordPress does; safe to run from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Delete spam and trashed comments whose status changed more than --days ago."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        deleted, _ = Comment.objects.filter(
            status__in=[Comment.Status.SPAM, Comment.Status.TRASH], status_changed__lt=cutoff
        ).delete()
        self.stdout.write(f"Deleted {deleted} spam or trashed comment(s) older than {days} days.")
