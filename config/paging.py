"""The page numbers `templates/includes/pagination.html` shows, the same on every paginated page."""


def elided_pages(page):
    """The page numbers around `page` and at both ends, with the paginator's ellipsis between."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
