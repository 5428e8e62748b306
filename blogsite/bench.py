"""A view that does nothing, to measure the stack's own ceiling in `make bench`."""

from django.http import HttpResponse


def bare(request):
    return HttpResponse(b"A bare Django view: the ceiling for every page.\n")
