"""Pagination of the API's lists: by cursor, so that a page costs the same
query at row 40 000 as at row 1 and rows added meanwhile are not skipped."""

from rest_framework.pagination import CursorPagination


class KodeCursorPagination(CursorPagination):
    """Pages of indikator (or their capaian) in the order of their kode."""

    ordering = "kode"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class IdCursorPagination(CursorPagination):
    """Pages of realisasi in the order they were first stored."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
