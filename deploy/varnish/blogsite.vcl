vcl 4.1;
# blogsite in front of N app servers (gunicorn): the anonymous pages from memory,
# everyone signed in straight through, each page purged by its keys once a change
# commits (the app sends them in `xkey`; FRONTEND_CACHE_URLS points the app here).
#
# Start: varnishd -a :80 -f /etc/varnish/blogsite.vcl -s malloc,1G
# The app servers are in backends.vcl beside this file (backends.example.vcl).

import std;
import directors;
import xkey;

probe app_alive {
    .url = "/robots.txt";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

sub vcl_init {
    new app = directors.round_robin();
}

include "./backends.vcl";

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
    "localhost";
}

# Paths that are never cached, as PAGE_CACHE_EXCLUDED_PATHS in the settings.
sub blogsite_pass_paths {
    if (req.url ~ "^/(admin|accounts|comments/(post|form-token|moderate|subscription)|likes|tinymce)/"
        || req.url ~ "^/xmlrpc\.php") {
        return (pass);
    }
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Say which keys to purge in xkey-purge"));
        }
        # A hard purge: the objects are gone, never served again, not even in grace.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Signed-in readers, staff previews, unlocked posts, flash messages: their own pages.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # The author's own view of a held comment.
    if (req.url ~ "[?&](unapproved|moderation-hash)=") {
        return (pass);
    }
    call blogsite_pass_paths;
    # Any other cookie (the CSRF cookie, analytics) changes no public page.
    unset req.http.Cookie;
    # Stale copies only while every app server is down (stale-if-error), never
    # in place of a fresh page after a change: a purge removes the object itself.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A page that sets a cookie is somebody's own, and one whose keys moved while it
    # was rendered (Surrogate-Control: no-store) may show rows from before a change.
    if (beresp.http.Set-Cookie || beresp.status != 200 || !beresp.http.xkey
        || beresp.http.Surrogate-Control ~ "no-store") {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The app says how long a page may be kept: until it changes by itself (a
    # scheduled post, comments closing); changes made by someone are purged.
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, ".*max-age=([0-9]+).*", "\1") + "s", 0s);
    } else {
        set beresp.ttl = 0s;
    }
    set beresp.grace = 6h;
    unset beresp.http.Surrogate-Control;
    return (deliver);
}

sub vcl_deliver {
    # The keys are for this cache (and a CDN in front of it, if any: keep them then).
    unset resp.http.xkey;
    unset resp.http.n-gone;
}
