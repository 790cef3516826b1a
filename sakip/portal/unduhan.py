"""Streaming CSV and JSON responses of the open datasets.

CSV is UTF-8 with a byte order mark, so that Excel opens it with the right
characters, comma-separated with a header row; JSON is one object with the
dataset's name, the filter and the list of rows. Both are written row by row
as the database returns them, so a large dataset never sits in memory whole
(the capaian dataset excepted, see ``rows_capaian``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from .data_terbuka import Filter
from .datasets import Dataset

FORMATS = ("csv", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
BOM = "\ufeff"
VERSI_FORMAT = 1


class _Line:
    """A file-like object whose ``write`` returns the text, for csv.writer."""

    def write(self, text: str) -> str:
        return text


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def csv_lines(dataset: Dataset, *, kriteria: Filter) -> Iterator[str]:
    """Yield the CSV of ``dataset``: the BOM with the header row, then a line
    per row."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(dataset.nama_kolom)
    for row in dataset.rows(kriteria):
        yield writer.writerow([_cell(row[name]) for name in dataset.nama_kolom])


def json_chunks(dataset: Dataset, *, kriteria: Filter) -> Iterator[str]:
    """Yield the JSON of ``dataset`` in pieces: the header, each row, the end."""
    header = {
        "dataset": dataset.nama,
        "versi_format": VERSI_FORMAT,
        "filter": kriteria.as_dict(),
        "kolom": dataset.nama_kolom,
    }
    opening = json.dumps(header, ensure_ascii=False)[:-1]
    yield opening + ', "data": ['
    separator = ""
    for row in dataset.rows(kriteria):
        ordered = {name: row[name] for name in dataset.nama_kolom}
        yield separator + json.dumps(ordered, ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


def stream(dataset: Dataset, *, kriteria: Filter, format: str) -> StreamingHttpResponse:
    """Return the streaming download of ``dataset`` in ``format``."""
    chunks = csv_lines if format == "csv" else json_chunks
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks(dataset, kriteria=kriteria)),
        content_type=CONTENT_TYPES[format],
    )
    bagian = [dataset.nama]
    if kriteria.tahun is not None:
        bagian.append(str(kriteria.tahun))
    if kriteria.unit is not None:
        bagian.append(re.sub(r"[^A-Za-z0-9._-]", "_", kriteria.unit.kode))
    nama = "-".join(["sakip", *bagian])
    response["Content-Disposition"] = f'attachment; filename="{nama}.{format}"'
    return response
