"""Pages of a long list without counting all of it.

A board of many thousands of threads would cost a COUNT(*) over all of them on every view just to
print the number of its last page. BoundedPaginator counts no further than a few pages past the
page asked for: a short list is counted exactly (its last page is shown), a long one is known to
go on ("…" and "Next" instead of a last page number). Deep pages still cost what their OFFSET
costs; the first pages, which almost everyone reads, cost the same however long the list grows."""

from functools import cached_property

from django.core.paginator import Paginator

LOOKAHEAD_PAGES = 5


def _asked_number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, asked_for):
        super().__init__(object_list, per_page)
        self._horizon = (_asked_number(asked_for) + LOOKAHEAD_PAGES) * per_page

    @cached_property
    def count(self) -> int:
        # One query: COUNT(*) over at most horizon + 1 rows.
        return self.object_list[: self._horizon + 1].count()

    @property
    def total_known(self) -> bool:
        """Whether count is every row (else there are more than counted)."""
        return self.count <= self._horizon


def bounded_page(object_list, per_page: int, page_number):
    return BoundedPaginator(object_list, per_page, asked_for=page_number).get_page(page_number)
