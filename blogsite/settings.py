"""Settings for blogsite, read from the environment.

One module serves development, tests and production; only the environment
differs. See the configuration table in README.md.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The fallback key is for development only: everyone can read it here. Without DEBUG
# the site refuses to start on it, on none, or on any key Django marks insecure. The
# test suite runs without DEBUG on this key; pytest says so in PYTEST_VERSION.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-set-SECRET_KEY")
if (
    not DEBUG
    and "PYTEST_VERSION" not in os.environ
    and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure-"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off. Make one with\n"
        '    python -c "import secrets; print(secrets.token_urlsafe(50))"\n'
        "and put it in the environment as SECRET_KEY (DEBUG=1 for development)."
    )
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies (nginx, a load balancer) stand in front of the app: the
# client's address is read from X-Forwarded-For that far (core/client.py); 0 trusts none.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The blog's address, the base of every absolute link it gives out (core/site_url.py).
# Without it, the development server's: `PORT=9000 make run` links to port 9000.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

BLOG_TITLE = env("BLOG_TITLE", default="blogsite")
BLOG_TAGLINE = env(
    "BLOG_TAGLINE", default="Notes on the web, the people on it and the tools we build"
)

INSTALLED_APPS = [
    "blogsite.apps.BlogAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.postgres",  # the stored search document (posts/search.py)
    "crispy_forms",
    "crispy_bootstrap5",
    "tinymce",
    "django_tasks_db",
    "core",
    "library",
    "posts",
    "comments",
    "pings",
    "likes",
    "wxr",
    "accounts",
    "api",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.socialaccount.providers.openid_connect",
    "accounts.providers.wordpress",
    "accounts.providers.mastodon",
    "accounts.providers.indieauth",
]

MIDDLEWARE = [
    # First, so that every response carries it: static files, cached pages, refusals.
    "core.security.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a header or a cookie (core/security.py).
    "core.security.NulCharacterMiddleware",
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CsrfViewMiddleware, which reads the form (core/security.py).
    "core.security.FormCharsetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "accounts.middleware.ProviderFormActionMiddleware",
    "pings.middleware.PingbackHeaderMiddleware",
    "api.middleware.DiscoveryLinkMiddleware",
    # Only on a 404: a deleted entry's address is 410 Gone, unless a redirect (below) wins.
    "posts.tombstones.GoneMiddleware",
    # Only on a 404: old addresses (imported WordPress links, moved pages).
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]
# Redirects belong to a site; this blog is one.
SITE_ID = 1

ROOT_URLCONF = "blogsite.urls"
WSGI_APPLICATION = "blogsite.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.csp",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "posts.context_processors.blog",
]
TEMPLATES = [
    # The reader's pages (templates/jinja2/), found first; the admin, the sign-in pages
    # and the mails are Django templates (core/templating.py).
    {
        "BACKEND": "core.templating.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "core.templating.environment",
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One writer at a time from the start of each transaction, so that a check and the
    # write that depends on it cannot interleave with another's (core/locks.py).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection is checked before each request reuses it, so the first requests
# after a database restart reconnect instead of failing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis that fails or hangs costs speed, not availability (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="blogsite"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Files, not local memory: every gunicorn worker on the machine must see the
    # same page-cache version, or one of them would serve a stale page.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Feeds carry each post's full content (off: the excerpt only).
FEED_FULL_CONTENT = env.bool("FEED_FULL_CONTENT", default=True)

# Whole pages for anonymous readers, each keyed on what it shows (core/pagecache.py).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# The query parameters pages read (list pages, WordPress ids, comment pages and replies,
# search words, sitemap pages): only these make a cached page of their own.
PAGE_CACHE_KEY_PARAMETERS = ("p", "page_id", "page", "cpage", "replytocom", "q")
PAGE_CACHE_EXCLUDED_PATHS = (
    "/admin/",
    "/accounts/",
    "/comments/post/",
    "/comments/form-token/",
    "/comments/moderate/",
    "/comments/subscription/",
    "/likes/",
    "/xmlrpc.php",
    "/wp-json/",
    "/tinymce/",
    "/static/",
    "/media/",
    # One small answer per ?url=…&maxwidth=…: not worth a cached page per combination.
    "/oembed/",
)

# Front-end caches (Varnish, deploy/varnish/blogsite.vcl): after a change commits, the
# changed keys are purged at each of these URLs (core/purge.py). Empty: nothing is sent.
FRONTEND_CACHE_URLS = env.list("FRONTEND_CACHE_URLS", default=[])

# `make bench` mounts a bare view beside the pages it measures.
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)

# Uploads: featured images above these limits are refused with a form error.
FEATURED_IMAGE_MAX_BYTES = env.int("FEATURED_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
FEATURED_IMAGE_MAX_PIXELS = env.int("FEATURED_IMAGE_MAX_PIXELS", default=40_000_000)
FEATURED_IMAGE_WIDTHS = (480, 800, 1200)

# The media library (library/): the image limits above hold for every image in it;
# other files (PDF, text, audio, video) have this limit of their own. An upload
# larger than both is cut off as it arrives, before it is stored anywhere.
LIBRARY_FILE_MAX_BYTES = env.int("LIBRARY_FILE_MAX_BYTES", default=50 * 1024 * 1024)
# /xmlrpc.php (core/xmlrpc.py) refuses a request larger than this before parsing it: room
# for the largest image the library takes, base64-encoded as XML-RPC sends files.
XMLRPC_MAX_REQUEST_BYTES = env.int(
    "XMLRPC_MAX_REQUEST_BYTES", default=FEATURED_IMAGE_MAX_BYTES * 4 // 3 + 1024 * 1024
)
FILE_UPLOAD_HANDLERS = [
    "library.upload_handlers.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Where uploads are kept: "filesystem" (MEDIA_ROOT) or "s3" (any S3-compatible object
# storage, through django-storages), chosen by the environment alone.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
MEDIA_ORIGINS = []  # where pages may load media from, besides this site (the CSP)
if MEDIA_STORAGE == "s3":
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            # Public media at stable URLs (bodies keep them), never overwritten.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGINS = [AWS_S3_ENDPOINT_URL.rstrip("/")]
    else:
        MEDIA_ORIGINS = ["https://*.amazonaws.com"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

TINYMCE_DEFAULT_CONFIG = {
    "height": 480,
    "menubar": False,
    "promotion": False,
    "license_key": "gpl",
    "plugins": "link image lists table code autolink",
    "toolbar": "undo redo | blocks | bold italic | alignleft aligncenter alignright | "
    "bullist numlist blockquote | link image table | code",
    # Every button stays in sight in the post screen's narrower body column.
    "toolbar_mode": "wrap",
    # Alignment as classes, not style attributes: the sanitizer keeps the
    # classes and the site's CSP forbids inline styles.
    "formats": {
        "alignleft": {"selector": "p,h2,h3,h4,img,figure,table", "classes": "alignleft"},
        "aligncenter": {"selector": "p,h2,h3,h4,img,figure,table", "classes": "aligncenter"},
        "alignright": {"selector": "p,h2,h3,h4,img,figure,table", "classes": "alignright"},
    },
    "relative_urls": False,
    "convert_urls": False,
}

# Embeds (library/embeds.py): a link alone on its line from one of these providers becomes
# a click-to-load embed; EMBED_DISCOVERY also embeds any page that advertises oEmbed.
EMBED_PROVIDERS = env.list(
    "EMBED_PROVIDERS", default=["youtube", "vimeo", "soundcloud", "spotify", "mastodon"]
)
EMBED_DISCOVERY = env.bool("EMBED_DISCOVERY", default=False)

# Authoring: how many revisions each post keeps (the oldest beyond are pruned), how often
# the editor autosaves a draft copy and renews its edit lock, and when an unrenewed lock
# lapses (WordPress: 60 s, 15-60 s, 150 s).
POST_REVISIONS_KEPT = env.int("POST_REVISIONS_KEPT", default=25)
POST_AUTOSAVE_SECONDS = env.int("POST_AUTOSAVE_SECONDS", default=60)
POST_EDIT_LOCK_HEARTBEAT_SECONDS = env.int("POST_EDIT_LOCK_HEARTBEAT_SECONDS", default=20)
POST_EDIT_LOCK_SECONDS = env.int("POST_EDIT_LOCK_SECONDS", default=150)

# Background work (mail, pings): django.tasks with the database backend; run
# `python manage.py task_worker` beside the web server. Tests run tasks inline.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# A task still "running" after this many seconds lost its worker: task_worker runs it again.
TASKS_RUNNING_TIMEOUT = env.int("TASKS_RUNNING_TIMEOUT", default=1800)

# Avatars: "identicon" draws them here (no request leaves the site);
# "gravatar" asks gravatar.com, which then learns who reads the blog.
COMMENT_AVATARS = env("COMMENT_AVATARS", default="identicon")
GRAVATAR_ORIGIN = "https://secure.gravatar.com"
# How long a comment form stays valid after it was shown.
COMMENT_FORM_MAX_AGE = env.int("COMMENT_FORM_MAX_AGE", default=24 * 3600)
# How long (seconds) after posting a commenter may still edit or delete their comment.
COMMENT_EDIT_WINDOW = env.int("COMMENT_EDIT_WINDOW", default=15 * 60)
# Followers of the blog (comments/follows.py): each new post is mailed to them whole
# ("full") or as its excerpt with a link ("excerpt"), by tasks of this many followers each.
FOLLOW_MAIL_CONTENT = env("FOLLOW_MAIL_CONTENT", default="full")
FOLLOW_MAIL_BATCH_SIZE = env.int("FOLLOW_MAIL_BATCH_SIZE", default=50)
# Pingbacks and trackbacks make the blog fetch URLs that strangers name
# (core/fetch.py): private, loopback and link-local addresses stay out of
# reach unless this is on (tests with a local server, an intranet blog).
PINGS_ALLOW_PRIVATE_ADDRESSES = env.bool("PINGS_ALLOW_PRIVATE_ADDRESSES", default=False)

# Security: Django's protections stay on; production (DEBUG=0) gets the
# strict transport settings that `check --deploy` asks for.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"] + ([GRAVATAR_ORIGIN] if COMMENT_AVATARS == "gravatar" else []),
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Media kept on object storage is loaded from its origin.
SECURE_CSP["img-src"] += MEDIA_ORIGINS
SECURE_CSP["media-src"] = [CSP.SELF, *MEDIA_ORIGINS]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)

_email = env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER") or None,
    "password": _email.get("EMAIL_HOST_PASSWORD") or None,
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
# The file backend writes each mail to a file in a directory: `filemail://` alone, var/mail/
# in the project; `filemail:///some/dir` is relative to the project, `filemail:////srv/mail`
# absolute.
_file_options = {"file_path": str(BASE_DIR / (_email["EMAIL_FILE_PATH"] or "var/mail"))}
_mailer_options = {
    "django.core.mail.backends.smtp.EmailBackend": _smtp_options,
    "django.core.mail.backends.filebased.EmailBackend": _file_options,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _mailer_options.get(_email["EMAIL_BACKEND"], {}),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="blogsite <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "posts:home"

# Reader accounts (django-allauth, /accounts/): local sign-up with a verified
# e-mail address, password reset, and social sign-in. Its rate limits on
# sign-in, sign-up and password reset are on.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# LOGIN_URL is the admin's (staff); readers confirming an address sign in here.
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "account_login"
# The provider vouched for the person; an address it did not verify gets a
# confirmation mail but does not keep them from commenting.
SOCIALACCOUNT_EMAIL_VERIFICATION = "optional"
# Mastodon and IndieAuth (and X) give no address: a reader who signs in to comment is
# not stopped at a form asking for one. An address a provider does give is still kept.
SOCIALACCOUNT_EMAIL_REQUIRED = False
# Which providers are offered: the two below need no credentials, only their switch.
SOCIALACCOUNT_ADAPTER = "accounts.social_adapter.SocialAccountAdapter"
# Sign in with an account on any Mastodon instance, and with one's own website
# (IndieAuth); accounts/providers/mastodon/ and accounts/providers/indieauth/.
MASTODON_SIGN_IN = env.bool("MASTODON_SIGN_IN", default=True)
INDIEAUTH_SIGN_IN = env.bool("INDIEAUTH_SIGN_IN", default=True)
# Failed sign-ins, at /accounts/login/ and /admin/login/ alike: per address, and per
# account *at that address* (accounts/adapter.py), so that a stranger's guesses lock
# out the stranger, never the account's owner signing in from elsewhere.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,30/h/ip,5/5m/key"}
# Two-factor sign-in (authenticator app codes, with recovery codes) for anyone who
# turns it on at /accounts/2fa/; the admin's sign-in asks for it too.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = BLOG_TITLE


def _social_apps(prefix, **app):
    """The app for a provider whose <PREFIX>_CLIENT_ID is set in the environment, else none.

    Credentials come from here or from the admin's "Social applications",
    never from the repository.
    """
    client_id = env(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return []
    return [{"client_id": client_id, "secret": env(f"{prefix}_CLIENT_SECRET", default=""), **app}]


SOCIALACCOUNT_PROVIDERS = {
    "google": {"APPS": _social_apps("GOOGLE")},
    "facebook": {"APPS": _social_apps("FACEBOOK")},
    "twitter_oauth2": {"APPS": _social_apps("TWITTER")},
    # Sign in with WordPress.com (accounts/providers/wordpress/); API_URL defaults to
    # https://public-api.wordpress.com.
    "wordpress": {"APPS": _social_apps("WORDPRESS")},
    "openid_connect": {
        "APPS": _social_apps(
            "OIDC",
            provider_id="oidc",
            name=env("OIDC_NAME", default="OpenID Connect"),
            settings={"server_url": env("OIDC_SERVER_URL", default="")},
        ),
        "OAUTH_PKCE_ENABLED": True,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
