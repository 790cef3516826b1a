"""Request parsers of the API."""

from __future__ import annotations

import codecs
import json
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant


class DecimalJSONParser(JSONParser):
    """JSON whose fractional numbers are read as Decimal, never as float, so
    that a realisation of 0.1 or 12345678901234.5678 is stored as sent."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded_stream = codecs.getreader(encoding)(stream)
            # strict_constant rejects NaN and Infinity, as DRF's parser does.
            return json.load(
                decoded_stream, parse_float=Decimal, parse_constant=strict_constant
            )
        except ValueError as error:
            raise ParseError(
                _("Isi permintaan bukan JSON yang sah: %(galat)s") % {"galat": error}
            ) from error
