"""Request parsers of the API."""

from __future__ import annotations

import codecs
import json
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class NonFiniteNumber(ValueError):
    """NaN, Infinity or -Infinity in a JSON body, which JSON does not allow."""


def reject_constant(name: str):
    raise NonFiniteNumber(name)


class DecimalJSONParser(JSONParser):
    """JSON whose fractional numbers are read as Decimal, never as float, so
    that a realisation of 0.1 or 12345678901234.5678 is stored as sent. Every
    error is a ParseError (400) with an Indonesian message."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded_stream = codecs.getreader(encoding)(stream)
            return json.load(
                decoded_stream, parse_float=Decimal, parse_constant=reject_constant
            )
        except NonFiniteNumber as error:
            raise ParseError(
                _(
                    "Isi permintaan bukan JSON yang sah: %(nilai)s bukan angka "
                    "JSON. Kirim angka atau teks angka."
                )
                % {"nilai": error.args[0]}
            ) from error
        except json.JSONDecodeError as error:
            raise ParseError(
                _(
                    "Isi permintaan bukan JSON yang sah: galat pada baris "
                    "%(baris)s, kolom %(kolom)s."
                )
                % {"baris": error.lineno, "kolom": error.colno}
            ) from error
        except UnicodeDecodeError as error:
            raise ParseError(
                _("Isi permintaan bukan teks %(encoding)s yang sah.")
                % {"encoding": encoding}
            ) from error
        except ValueError as error:
            # For example an integer longer than Python converts (4,300 digits).
            raise ParseError(_("Isi permintaan bukan JSON yang sah.")) from error
        except RecursionError as error:
            # The decoder recurses once per nested array or object, so a body
            # nested thousands deep exhausts Python's recursion limit.
            raise ParseError(
                _(
                    "Isi permintaan bukan JSON yang dapat dibaca: array atau objeknya "
                    "bersarang terlalu dalam."
                )
            ) from error
