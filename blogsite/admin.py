from django.conf import settings
from django.contrib import admin


class BlogAdminSite(admin.AdminSite):
    """The admin, with the moderation queue's pending count on every page."""

    site_header = f"{settings.BLOG_TITLE} administration"
    site_title = settings.BLOG_TITLE

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_active and request.user.has_perm("comments.moderate_comment"):
            from comments.models import Comment

            context["pending_comment_count"] = Comment.objects.filter(
                status=Comment.Status.PENDING
            ).count()
        return context
