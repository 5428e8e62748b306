"""The blog's own django-allauth providers, one package each (an app in INSTALLED_APPS)."""
