"""The learning brief as an A4 PDF, rendered by WeasyPrint from the same content as the page.

WeasyPrint never fetches anything here: the style sheet is read from our own static files and handed
over inline, and the URL fetcher refuses every URL (no network, no file system), so a brief renders
the same offline and nothing typed into it can make the server fetch a resource.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .briefs import BriefContent

PRINT_STYLESHEET = "css/brief-print.css"


class NoFetching(Exception):
    """Raised for every URL a document asks for."""


def refusing_url_fetcher():
    from weasyprint.urls import URLFetcher

    class RefuseEveryURL(URLFetcher):
        def fetch(self, url, headers=None):
            raise NoFetching(f"Learning brief PDFs fetch nothing ({url[:40]})")

    return RefuseEveryURL()


@cache
def _stylesheet_text() -> str:
    path = finders.find(PRINT_STYLESHEET)
    if path is None:
        raise FileNotFoundError(f"static file {PRINT_STYLESHEET} not found")
    with open(path, encoding="utf-8") as stylesheet:
        return stylesheet.read()


def brief_document(content: BriefContent):
    """The laid-out WeasyPrint document (its pages can be inspected before it is written)."""
    # Imported here: WeasyPrint loads Pango when imported, which only this page needs.
    from weasyprint import CSS, HTML

    fetcher = refusing_url_fetcher()
    html = render_to_string("reviews/briefs/brief_pdf.html", {"content": content, "review": content.review})
    stylesheet = CSS(string=_stylesheet_text(), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher, base_url=None).render(stylesheets=[stylesheet])


def brief_pdf(content: BriefContent) -> bytes:
    return brief_document(content).write_pdf()
