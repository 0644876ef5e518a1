from ..views_redirection import (
    article_etag,
    article_last_modified,
    article_versioned,
    conditional_redirect,
    conditional_redirect_fixed,
    permanent_redirect,
    temporary_redirect,
)
from .types import JSON, Demo, Preset

VERSIONED = "/demos/articles/{article}/versioned/"
EDIT = '{"title": "Edited", "content": "Edited text"}'

DEMOS = [
    Demo(
        id="temporary-redirect",
        views=("temporary_redirect",),
        title="302 Found",
        description="redirect() answers 302 with a Location header; the browser follows it.",
        path="/demos/temporary-redirect/",
        methods=("GET",),
        statuses=(302,),
        presets=(Preset("GET it", "GET", "/demos/temporary-redirect/", 302),),
        handler=temporary_redirect,
    ),
    Demo(
        id="permanent-redirect",
        views=("permanent_redirect",),
        title="301 Moved Permanently",
        description="redirect(..., permanent=True), cached by the browser for at most five "
        "minutes (Cache-Control: max-age=300).",
        path="/demos/permanent-redirect/",
        methods=("GET",),
        statuses=(301,),
        presets=(
            Preset(
                "GET it",
                "GET",
                "/demos/permanent-redirect/",
                301,
                note="Cache-Control: max-age=300: your browser reuses it for five minutes.",
                expect_headers={"Location": "/demos/new-url/", "Cache-Control": "max-age=300"},
            ),
        ),
        handler=permanent_redirect,
    ),
    Demo(
        id="conditional-redirect",
        views=("conditional_redirect",),
        title="Redirect by visitor, the pitfall: no ?next=",
        description="302 to the sign-in page for a guest, 302 to the dashboard once signed in. "
        "The sign-in link forgets the page the guest asked for.",
        path="/demos/conditional-redirect/",
        methods=("GET",),
        statuses=(302,),
        presets=(
            Preset(
                "As a guest",
                "GET",
                "/demos/conditional-redirect/",
                302,
                visitor="anonymous",
                note="Location: the sign-in page, with no ?next=.",
                expect_headers={"Location": "/demos/login/"},
            ),
            Preset(
                "Signed in",
                "GET",
                "/demos/conditional-redirect/",
                302,
                visitor="learner",
                note="Location: the dashboard.",
                expect_headers={"Location": "/demos/dashboard/"},
            ),
        ),
        handler=conditional_redirect,
    ),
    Demo(
        id="conditional-redirect-fixed",
        views=("conditional_redirect",),
        title="Redirect by visitor, corrected with redirect_to_login",
        description="A guest goes to the sign-in page with ?next= naming the page they asked "
        "for; a signed-in visitor to the dashboard.",
        path="/demos/conditional-redirect/fixed/",
        methods=("GET",),
        statuses=(302,),
        presets=(
            Preset(
                "As a guest",
                "GET",
                "/demos/conditional-redirect/fixed/",
                302,
                visitor="anonymous",
                note="Location: the sign-in page, ?next= the page you asked for.",
                expect_headers={
                    "Location": "/demos/login/?next=/demos/conditional-redirect/fixed/"
                },
            ),
            Preset(
                "Signed in",
                "GET",
                "/demos/conditional-redirect/fixed/",
                302,
                visitor="learner",
                note="Location: the dashboard.",
                expect_headers={"Location": "/demos/dashboard/"},
            ),
        ),
        handler=conditional_redirect_fixed,
    ),
    Demo(
        id="conditional-get",
        views=(),
        title="304 Not Modified and 412 Precondition Failed",
        description="@condition computes the article's ETag and Last-Modified: a GET whose "
        "If-None-Match matches gets 304 with no body; a PUT whose If-Match is stale gets 412, "
        "one without If-Match 428. Every answer says Cache-Control: private, no-cache, so the "
        "browser keeps a copy and revalidates it.",
        path="/demos/articles/{article}/versioned/",
        methods=("GET", "HEAD", "PUT"),
        statuses=(200, 304, 400, 404, 405, 412, 428),
        presets=(
            Preset(
                "GET: see the ETag",
                "GET",
                VERSIONED,
                200,
                expect_headers={"ETag": "", "Cache-Control": "private, no-cache"},
            ),
            Preset(
                "GET with If-None-Match",
                "GET",
                VERSIONED,
                304,
                {"If-None-Match": "{article_etag}"},
                expect_headers={"ETag": "{article_etag}", "Cache-Control": "private, no-cache"},
            ),
            Preset(
                "PUT without If-Match",
                "PUT",
                VERSIONED,
                428,
                JSON,
                EDIT,
                note="Without If-Match the edit could overwrite someone else's: 428.",
            ),
            Preset(
                "PUT with a stale If-Match",
                "PUT",
                VERSIONED,
                412,
                {**JSON, "If-Match": '"stale"'},
                EDIT,
            ),
            Preset(
                "PUT with the current If-Match",
                "PUT",
                VERSIONED,
                200,
                {**JSON, "If-Match": "{article_etag}"},
                EDIT,
                expect_headers={"ETag": ""},
            ),
        ),
        handler=article_versioned,
        source=(article_etag, article_last_modified, article_versioned),
    ),
]
