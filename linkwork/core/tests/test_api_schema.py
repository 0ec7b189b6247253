"""The OpenAPI document lists the error answers of every operation, with bodies that match what the API sends."""

from linkwork.config.api import api as ninja_api
from linkwork.core.api_schema import FieldErrorsOut, MessageOut


def _operations():
    schema = ninja_api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation, schema


def test_every_operation_documents_the_errors_it_can_give():
    for name, operation, _ in _operations():
        documented = {int(status) for status in operation["responses"]}
        if operation.get("security"):
            assert {401, 403, 429} <= documented, name
        if "requestBody" in operation:
            assert {400, 404, 413, 422} <= documented, name
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert {404, 422} <= documented, name


def test_documented_error_bodies_point_at_models_that_exist():
    for name, operation, schema in _operations():
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            for content in response.get("content", {}).values():
                ref = content["schema"].get("$ref")
                if ref:
                    assert ref.rsplit("/", 1)[-1] in schema["components"]["schemas"], f"{name} {status}"


def test_what_a_route_documents_itself_is_kept():
    schema = ninja_api.get_openapi_schema()
    status_change = schema["paths"]["/api/v1/connections/{connection_id}/status"]["post"]["responses"]
    assert status_change[403]["content"]["application/json"]["schema"]["$ref"].endswith("/ForbiddenOut")


def test_the_error_models_match_what_the_api_sends(world, api):
    unauthorised = api().get("/api/v1/people").json()
    assert MessageOut.model_validate(unauthorised)
    invalid = api(world.user("link_worker")).get("/api/v1/people", {"limit": 0}).json()
    assert FieldErrorsOut.model_validate(invalid)
