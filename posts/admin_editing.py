"""The editor's background requests on the post screen: autosave, and the edit lock's
heartbeat, take-over and release. A mixin of `PostAdmin` (and so of its subclasses)."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from . import autosave, edit_lock, revisions
from .models import PostAutosave

AUTOSAVE_FIELDS = {"title": 300, "excerpt": 100_000, "body": 2_000_000}


class EditingAdminMixin:
    autosave_template = "admin/posts/autosave.html"

    def editing_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "autosave/",
                wrap(require_POST(self.autosave_view)),
                name=self.url_name("autosave_new"),
            ),
            path(
                "autosave/view/",
                wrap(self.autosave_detail_view),
                name=self.url_name("autosave_new_view"),
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(require_POST(self.autosave_view)),
                name=self.url_name("autosave"),
            ),
            path(
                "<path:object_id>/autosave/view/",
                wrap(self.autosave_detail_view),
                name=self.url_name("autosave_view"),
            ),
            path(
                "<path:object_id>/lock/",
                wrap(require_POST(self.lock_heartbeat_view)),
                name=self.url_name("lock"),
            ),
            path(
                "<path:object_id>/lock/take-over/",
                wrap(require_POST(self.lock_take_over_view)),
                name=self.url_name("lock_take_over"),
            ),
            path(
                "<path:object_id>/lock/release/",
                wrap(require_POST(self.lock_release_view)),
                name=self.url_name("lock_release"),
            ),
        ]

    def _post_or_new(self, request, object_id):
        """The post being edited (which this user may edit), or None on the Add screen."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        return self.editable_post(request, object_id)

    def autosave_view(self, request, object_id=None):
        post = self._post_or_new(request, object_id)
        values = {}
        for name, limit in AUTOSAVE_FIELDS.items():
            value = request.POST.get(name, "")
            if len(value) > limit:
                return JsonResponse({"error": f"The {name} is too long to autosave."}, status=400)
            values[name] = value
        if not any(v.strip() for v in values.values()):
            return JsonResponse({"error": "Nothing to autosave."}, status=400)
        saved = autosave.store(request.user, post, **values)
        return JsonResponse({"saved_at": saved.saved_at.isoformat()})

    def autosave_detail_view(self, request, object_id=None):
        post = self._post_or_new(request, object_id)
        copy = PostAutosave.objects.filter(author=request.user, post=post).first()
        if copy is None:
            raise Http404("There is no autosave of this post.")
        saved = post or SimpleNamespace(title="", excerpt="", body="")
        if post is None:
            restore_url = reverse(f"admin:{self.url_name('add')}") + "?restore_autosave=1"
        else:
            restore_url = (
                reverse(f"admin:{self.url_name('change')}", args=[post.pk]) + "?restore_autosave=1"
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "post": post,
            "original": post,
            "title": "Autosave compared with the saved version",
            "autosave": copy,
            "rows": revisions.compare(saved, copy),
            "restore_url": restore_url,
            "change_url": restore_url.split("?")[0],
        }
        return TemplateResponse(request, self.autosave_template, context)

    def lock_heartbeat_view(self, request, object_id):
        post = self.editable_post(request, object_id)
        holder = edit_lock.take(post, request.user)
        if holder is not None:
            name = holder.get_full_name() or holder.get_username()
            return JsonResponse({"holder": name}, status=409)
        return JsonResponse({"holder": None})

    def lock_take_over_view(self, request, object_id):
        post = self.editable_post(request, object_id)
        edit_lock.take(post, request.user, take_over=True)
        self.message_user(request, "You have taken over editing this post.", messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self.url_name('change')}", args=[post.pk]))

    def lock_release_view(self, request, object_id):
        post = self.editable_post(request, object_id)
        edit_lock.release(post, request.user)
        return JsonResponse({"holder": None})

    def editor_context(self, request, post):
        """What the post screen shows and its script needs: the autosave notice, who else
        has the post open, and the URLs and intervals of the background requests."""
        if post is None:
            autosave_url = reverse(f"admin:{self.url_name('autosave_new')}")
            view_url = reverse(f"admin:{self.url_name('autosave_new_view')}")
            restore_url = "?restore_autosave=1"
            lock = {}
        else:
            autosave_url = reverse(f"admin:{self.url_name('autosave')}", args=[post.pk])
            view_url = reverse(f"admin:{self.url_name('autosave_view')}", args=[post.pk])
            restore_url = "?restore_autosave=1"
            editing = request.method == "GET" and self.has_change_permission(request, post)
            holder = edit_lock.take(post, request.user) if editing else None
            lock = {
                "lock_url": reverse(f"admin:{self.url_name('lock')}", args=[post.pk]),
                "lock_release_url": reverse(
                    f"admin:{self.url_name('lock_release')}", args=[post.pk]
                ),
                "lock_take_over_url": reverse(
                    f"admin:{self.url_name('lock_take_over')}", args=[post.pk]
                ),
                "lock_holder": holder,
            }
        newer = None
        if "restore_autosave" not in request.GET:
            newer = autosave.newer_than(post, request.user)
        return {
            "autosave_url": autosave_url,
            "autosave_seconds": settings.POST_AUTOSAVE_SECONDS,
            "heartbeat_seconds": settings.POST_EDIT_LOCK_HEARTBEAT_SECONDS,
            "newer_autosave": newer,
            "autosave_view_url": view_url,
            "autosave_restore_url": restore_url,
            **lock,
        }

    def autosave_to_restore(self, request, post):
        """On `?restore_autosave=1`, this user's autosave of the post (None: a new post)."""
        if request.method != "GET" or "restore_autosave" not in request.GET:
            return None
        return PostAutosave.objects.filter(author=request.user, post=post).first()
