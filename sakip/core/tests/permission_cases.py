"""The kinds of page that the permission test knows, and core's own URLs."""

from dataclasses import dataclass, field

PUBLIC = "public"
READ = "read"
EDIT = "edit"
# A page that creates a new object: admin and the Operator OPD only.
CREATE = "create"
ADMIN = "admin"
# A page that manages evaluations (Evaluasi AKIP): Admin Bappeda and the
# Inspektorat's evaluators only.
EVALUATOR = "evaluator"
POST_ONLY = "post_only"


@dataclass(frozen=True)
class Case:
    """A URL's kind and, per scope ("pemda", "a", "b"), the keyword arguments
    of one object of that scope (an empty dict for a page without one)."""

    kind: str
    scopes: dict[str, dict] = field(default_factory=dict)


def url_cases(objects: dict) -> dict[str, Case]:
    return {
        "login": Case(PUBLIC, {"pemda": {}}),
        # LogoutView returns 405 Method Not Allowed for GET, logged in or not.
        "logout": Case(POST_ONLY, {"pemda": {}}),
        "beranda": Case(READ, {"pemda": {}}),
    }
