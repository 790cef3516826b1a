"""Schema-based fuzzing of /api/v1/ with schemathesis: requests generated
from the drf-spectacular schema, sent to the Django app in this process,
must never get a 5xx.

The number of examples per operation is bounded so the run stays short. A
longer run (``st run``) may find what these examples miss.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

EXAMPLES_PER_OPERATION = 12

schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True)
)
schema.app = WSGIHandler()


@pytest.fixture
def same_connection():
    """Keep the test's database connection open across requests.

    Django's request signals close a connection that is inside a
    transaction, which would end the test's own transaction. Django's test
    client disconnects them in the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_header(ani, rencana, tw1_terbuka, same_connection):
    """The token header of the Operator OPD of Dinas A, with plans to read
    and an open input window to write realisation into."""
    token, _created = Token.objects.get_or_create(user=ani)
    return {"Authorization": f"Token {token.key}"}


@pytest.fixture
def rencana(pk_rencana):
    return pk_rencana


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_no_server_error(case, token_header):
    response = case.call_and_validate(headers=token_header, checks=[not_a_server_error])

    # The token is valid, so every example reaches the view behind the
    # authentication.
    assert response.status_code != 401, response.text
