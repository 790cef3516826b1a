from sakip.core.tests.permission_cases import Case


def url_cases(objects: dict) -> dict[str, Case]:
    return {}
