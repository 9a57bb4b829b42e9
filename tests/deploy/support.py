"""A small HTTP client for the deployment tests: one visitor's cookies, sent to whichever server a test names.

Unlike a browser it sends ``Secure`` cookies over plain HTTP too: a test talks to each gunicorn instance directly
(as nginx does) with the cookies the visitor's browser got over HTTPS. It follows no redirects.
"""

from __future__ import annotations

import http.client
import itertools
import re
import ssl
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from portal.demo.people import DEMO_LOGINS, DEMO_PASSWORD

RESIDENT = DEMO_LOGINS["resident"]
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*\bvalue="([^"]+)"')
# What differs between two answers of the same page: the CSRF token of the form fields and of htmx's header, and
# the one-time key of a form that creates something (portal/submissions.py).
VOLATILE = (
    (re.compile(r'(name="(?:csrf_token|form_key)"[^>]*\bvalue=")[^"]+(")'), r"\1…\2"),
    (re.compile(r'("X-CSRFToken": ")[^"]+(")'), r"\1…\2"),
)
_addresses = itertools.count(1)


def visitor_address() -> str:
    """A client address of its own (TEST-NET-2), for a test's requests straight to an instance: its rate limits
    count for it alone, as for a visitor nginx names in X-Forwarded-For."""
    number = next(_addresses)
    return f"198.51.100.{number}" if number < 255 else f"203.0.113.{number - 254}"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        match = CSRF_FIELD.search(self.text)
        assert match, f"no CSRF token in the page (status {self.status})"
        return match.group(1)


@dataclass
class Visitor:
    """One visitor: cookies, and the address an instance is told the request comes from (X-Forwarded-For)."""

    context: ssl.SSLContext | None = None
    address: str = field(default_factory=visitor_address)
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, url: str, headers: dict | None = None) -> Response:
        return self.request("GET", url, headers=headers)

    def post(self, url: str, form: dict, headers: dict | None = None) -> Response:
        body = urlencode(form).encode()
        extra = {"Content-Type": "application/x-www-form-urlencoded", "Referer": url} | (headers or {})
        return self.request("POST", url, body=body, headers=extra)

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        parts = urlsplit(url)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=self.context, timeout=30)
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        sent = {"X-Forwarded-For": self.address} | (headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            self._keep(header)
        return response

    def _keep(self, header: str) -> None:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.strip().partition("=")
        removed = "max-age=0" in attributes.lower().replace(" ", "") or "expires=thu, 01 jan 1970" in attributes.lower()
        if removed:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def log_in(self, base: str, email: str = RESIDENT, password: str = DEMO_PASSWORD) -> Response:
        """Log in through the form at ``base``: the redirect of a success, or the page of a refusal."""
        form = self.get(f"{base}/account/login")
        assert form.status == 200, form.status
        return self.post(
            f"{base}/account/login",
            {"csrf_token": form.csrf_token(), "email": email, "password": password, "next": ""},
        )

    def is_logged_in(self, base: str) -> bool:
        """Whether ``base`` shows this visitor the profile page (a visitor is sent to the log-in form)."""
        response = self.get(f"{base}/account/")
        assert response.status in (200, 302, 303), response.status
        return response.status == 200


def normalised(page: Response) -> str:
    """The page without what differs between any two answers of it (CSRF tokens, one-time form keys)."""
    text = page.text
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text
