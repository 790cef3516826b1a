"""The OpenAPI schema at /api/v1/schema/."""

from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

SCHEMA_URL = reverse("api:schema")
PATHS = {
    "/api/v1/indikator/": {"get"},
    "/api/v1/indikator/{kode}/target/": {"get"},
    "/api/v1/capaian/": {"get"},
    "/api/v1/realisasi/": {"get", "post"},
    "/api/v1/realisasi/{id}/": {"get", "patch"},
}


def test_schema_is_valid_openapi():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(schema)
    assert {path: set(methods) for path, methods in schema["paths"].items()} == PATHS


def test_schema_documents_token_auth():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    token = schema["components"]["securitySchemes"]["tokenAuth"]
    assert token == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_schema_served_to_user(api, ani):
    response = api(ani).get(SCHEMA_URL, {"format": "json"})

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "SAKIP API"
    assert set(response.json()["paths"]) == set(PATHS)


def test_schema_needs_login(api, db):
    assert api().get(SCHEMA_URL).status_code == 401


def test_no_docs_page_from_a_cdn(client, db):
    # Swagger UI and Redoc would load their scripts from a CDN without
    # drf-spectacular-sidecar, which closed government networks cannot reach.
    assert client.get("/api/v1/docs/").status_code == 404
