"""oasdiff's own fixture pairs, checked against what nosurprises reports.

oasdiff (the Go reference checker) tests each of its checks with a base and a revision spec
and the check id it expects. Its fixtures are copied, unmodified, into
`../shared/corpus/oasdiff-fixtures/data` (Apache-2.0, see the README there). Each row below
names a pair, what really changed in it, and the nosurprises rule and level that must be
reported for it, mapped from oasdiff's concept to our rule ids.

Levels are ours, not oasdiff's: oasdiff reports every security change as INFO and a moved
server as no change at all, while here losing access or a base URL is `breaking` (see the
level contract in DESIGN.md). Rows where we disagree with oasdiff on what happened, and
oasdiff is right, are strict xfails whose reason names the engine file that needs the fix.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import nosurprises

from .conftest import corpus_dir

TODAY = dt.date(2026, 1, 1)
Found = frozenset[tuple[str, str, "str | None"]]


def pair(case: str, rule: str, level: str, operation: str | None = None, *,
         reverse: bool = False, fails: str | None = None) -> Any:
    """A row for `checker/<case>_base.yaml` -> `<case>_revision.yaml` (or the reverse)."""
    base, revision = f"checker/{case}_base.yaml", f"checker/{case}_revision.yaml"
    if reverse:
        base, revision = revision, base
    return files(base, revision, rule, level, operation,
                 name=f"{case}{'-reversed' if reverse else ''}", fails=fails)


def files(base: str, revision: str, rule: str, level: str, operation: str | None = None, *,
          name: str | None = None, fails: str | None = None) -> Any:
    """A row for any two files under `data/`; `fails` makes it a strict xfail with that reason."""
    marks = [pytest.mark.xfail(reason=fails, strict=True)] if fails else []
    label = name or f"{Path(base).with_suffix('')}--{Path(revision).stem}"
    return pytest.param(base, revision, rule, level, operation, marks=marks,
                        id=f"{label}:{rule.removeprefix('api.')}")


ROWS = [
    # --- security (oasdiff: api-security-*, api-global-security-*, api-security-component-*)
    pair("api_security_added", "api.security.auth-added", "breaking", "POST /subscribe"),
    pair("api_security_added", "api.security.auth-removed", "info", "POST /subscribe",
         reverse=True),
    pair("api_security_global_added", "api.security.auth-added", "breaking", "POST /subscribe"),
    pair("api_security_global_added", "api.security.auth-removed", "info", "POST /subscribe",
         reverse=True),
    pair("api_security_updated", "api.security.scope-removed", "info", "POST /subscribe"),
    pair("api_security_updated", "api.security.scope-added", "breaking", "POST /subscribe",
         reverse=True),
    pair("component_security_updated", "api.security.scheme-added", "info"),
    pair("component_security_updated", "api.security.scheme-removed", "breaking", reverse=True),
    # openapi-test1 -> test3: global bearer auth dropped, /register loses bearerAuth and
    # needs the OAuth scope write:pets, two schemes removed, OAuth URLs moved, server gone.
    files("openapi-test1.yaml", "openapi-test3.yaml", "api.security.alternative-removed",
          "breaking", "POST /register"),
    files("openapi-test1.yaml", "openapi-test3.yaml", "api.security.scope-added", "breaking",
          "POST /register"),
    files("openapi-test1.yaml", "openapi-test3.yaml", "api.security.auth-removed", "info",
          "POST /subscribe"),
    files("openapi-test1.yaml", "openapi-test3.yaml", "api.security.scheme-removed",
          "breaking"),
    files("openapi-test1.yaml", "openapi-test3.yaml", "api.security.oauth-url-changed",
          "warning"),
    # --- servers: oasdiff deliberately does not flag these (TestBreaking_Servers); we do.
    files("openapi-test1.yaml", "openapi-test3.yaml", "api.server.removed", "breaking"),
    files("servers/baseswagger.json", "servers/revisionswagger.json", "api.server.removed",
          "breaking"),
    files("servers/baseswagger.json", "servers/revisionswagger.json", "api.server.removed",
          "breaking", "POST /api/{uniqueId}/tests"),
    files("servers/baseswagger.json", "servers/revisionswagger.json", "api.server.added",
          "info"),
    # --- operations, lifecycle, stability
    files("new_endpoints/base.yaml", "new_endpoints/revision.yaml", "api.operation.added",
          "info", "POST /api/test2"),
    files("deprecation/base.yaml", "deprecation/deprecated-no-sunset.yaml",
          "api.operation.deprecated", "warning", "GET /api/test"),
    files("deprecation/base.yaml", "deprecation/deprecated-future.yaml",
          "api.operation.sunset-added", "warning", "GET /api/test"),
    files("deprecation/deprecated-future.yaml", "deprecation/sunset.yaml",
          "api.operation.removed-before-sunset", "breaking", "GET /api/test"),
    files("deprecation/deprecated-past.yaml", "deprecation/sunset.yaml",
          "api.operation.removed", "warning", "GET /api/test"),
    files("deprecation/base.yaml", "deprecation/sunset.yaml",
          "api.operation.removed-without-deprecation", "breaking", "GET /api/test"),
    files("deprecation/base-beta-stability.yaml", "deprecation/base-alpha-stability.yaml",
          "api.operation.stability-decreased", "breaking", "GET /api/test"),
    files("stability/base-endpoint-stable.yaml", "stability/revision-endpoint-draft.yaml",
          "api.operation.stability-decreased", "breaking", "GET /test"),
    pair("webhook", "api.webhook.removed", "breaking", "POST webhook:orderDeleted"),
    pair("webhook", "api.webhook.added", "info", "POST webhook:orderUpdated"),
    # --- parameters
    files("request_params/base.yaml", "request_params/required-request-params.yaml",
          "api.parameter.added-required", "breaking", "GET /api/test1"),
    files("request_params/base.yaml", "request_params/optional-request-params.yaml",
          "api.parameter.added-optional", "info", "GET /api/test1"),
    files("param-rename/method-base.yaml", "param-rename/method-revision.yaml",
          "api.path.parameter-renamed", "info", "GET /books/{id}"),
    files("param-deprecation/base.yaml", "param-deprecation/deprecated-no-sunset.yaml",
          "api.parameter.deprecated", "warning", "GET /api/test"),
    pair("request_parameter_array_max_items", "api.schema.request.max-items-decreased",
         "breaking", "GET /test"),
    pair("request_parameter_max_items_updated", "api.schema.request.max-items-increased", "info",
         "POST /api/v1.0/groups"),
    pair("request_parameter_min_items_increased", "api.schema.request.min-items-increased",
         "breaking", "POST /api/v1.0/groups"),
    pair("request_parameter_max_length_set", "api.schema.request.max-length-decreased",
         "breaking", "POST /test"),
    pair("request_parameter_max_length_updated", "api.schema.request.max-length-increased",
         "info", "POST /test"),
    pair("request_parameter_min_length_increased", "api.schema.request.min-length-increased",
         "breaking", "POST /test"),
    pair("request_parameter_max_updated", "api.schema.request.maximum-increased", "info",
         "POST /api/v1.0/groups"),
    pair("request_parameter_min_increased", "api.schema.request.minimum-increased", "breaking",
         "POST /api/v1.0/groups"),
    pair("request_parameter_pattern_added_or_changed", "api.schema.request.pattern-removed",
         "info", "POST /test"),
    pair("request_parameter_enum_value_updated", "api.schema.request.enum-value-removed",
         "breaking", "GET /test"),
    pair("request_parameter_enum_value_updated", "api.schema.request.enum-value-added", "info",
         "GET /test", reverse=True),
    pair("request_parameter_property_enum_value_updated",
         "api.schema.request.enum-value-removed", "breaking", "GET /test"),
    pair("request_parameter_extensible_enum", "api.schema.request.enum-value-removed",
         "breaking", "POST /api/v1.0/groups"),
    pair("request_parameter_became_enum", "api.schema.request.enum-added", "breaking",
         "POST /api/v1.0/groups"),
    # oasdiff calls a changed parameter default ERR; for us it is a warning by design.
    pair("request_parameter_default_value_changed", "api.schema.request.default-changed",
         "warning", "POST /api/v1.0/groups"),
    pair("nullable_type_array_param", "api.schema.request.nullable-removed", "breaking",
         "GET /t"),
    files("pattern-parameter-base.yaml", "pattern-parameter-modified-not-anystring.yaml",
          "api.schema.request.pattern-changed", "warning", "GET /api/v1.0/groups/{groupId}"),
    pair("request_param_scalar_to_constrained_array_31", "api.schema.request.type-changed",
         "breaking", "POST /api/v1.0/groups"),
    pair("request_param_multitype_to_array_31", "api.schema.request.type-widened", "info",
         "POST /api/v1.0/groups"),
    pair("request_param_scalar_to_array_31", "api.schema.request.type-widened", "info",
         "POST /api/v1.0/groups"),
    # --- request bodies
    pair("request_body_removed", "api.request-body.removed", "warning", "POST /api/v1.0/test"),
    pair("request_body_media_type_updated", "api.request-body.media-type-added", "info",
         "POST /api/v1.0/groups"),
    pair("request_body_media_type_updated", "api.request-body.media-type-removed", "breaking",
         "POST /api/v1.0/groups", reverse=True),
    pair("webhook_operation", "api.request-body.became-required", "breaking",
         "POST webhook:orderCreated"),
    pair("request_body_const_changed", "api.schema.request.const-changed", "breaking",
         "POST /products"),
    pair("request_body_default_value_changed", "api.schema.request.default-changed", "warning",
         "POST /products"),
    pair("request_body_max_length_set", "api.schema.request.max-length-decreased", "breaking",
         "POST /pets"),
    pair("request_body_max_set", "api.schema.request.maximum-decreased", "breaking",
         "POST /pets"),
    pair("request_body_nullable_31", "api.schema.request.nullable-added", "info",
         "POST /products"),
    pair("request_body_nullable_31", "api.schema.request.nullable-removed", "breaking",
         "POST /products", reverse=True),
    pair("exclusive_min_max", "api.schema.request.minimum-increased", "breaking",
         "POST /products"),
    pair("exclusive_min_max", "api.schema.request.maximum-decreased", "breaking",
         "POST /products"),
    pair("exclusive_min_max_set", "api.schema.request.maximum-decreased", "breaking",
         "POST /products"),
    # XML carries values as text: a request body that becomes a string still takes the text
    pair("request_xml_type_compatible", "api.schema.request.type-changed", "info",
         "POST /api/v1.0/groups"),
    pair("request_xml_type_compatible", "api.schema.request.type-changed", "breaking",
         "POST /api/v1.0/groups", reverse=True),
    files("enums/request-body-no-enum.yaml", "enums/request-body-enum.yaml",
          "api.schema.request.enum-added", "breaking"),
    files("nullable/base-req.yaml", "nullable/revision-req.yaml",
          "api.schema.request.nullable-removed", "breaking", "POST /test"),
    # --- request properties
    pair("request_property_added", "api.schema.request.required-property-added", "breaking",
         "POST /products"),
    pair("request_property_any_of_added", "api.schema.request.any-of-member-added", "info",
         "POST /pets"),
    pair("request_property_any_of_removed", "api.schema.request.any-of-member-removed",
         "breaking", "POST /pets"),
    pair("request_property_one_of_added", "api.schema.request.one-of-member-added", "info",
         "POST /pets"),
    pair("request_property_one_of_removed", "api.schema.request.one-of-member-removed",
         "breaking", "POST /pets"),
    pair("request_property_became_nullable", "api.schema.request.nullable-added", "info",
         "POST /products"),
    pair("request_property_became_nullable_31", "api.schema.request.nullable-added", "info",
         "POST /products"),
    pair("request_property_became_nullable_31", "api.schema.response.nullable-added",
         "breaking", "POST /products"),
    pair("nullable_wrap", "api.schema.request.nullable-added", "info", "POST /test"),
    pair("nullable_wrap_narrowed", "api.schema.request.enum-value-removed", "breaking",
         "POST /test"),
    pair("request_property_extensible_enum", "api.schema.request.enum-value-removed",
         "breaking", "POST /pets"),
    pair("request_property_max_length_set", "api.schema.request.max-length-decreased",
         "breaking", "POST /pets"),
    pair("request_property_max_set", "api.schema.request.maximum-decreased", "breaking",
         "POST /pets"),
    pair("request_property_min_increased", "api.schema.request.minimum-increased", "breaking",
         "POST /pets"),
    pair("request_property_min_items_increased", "api.schema.request.min-items-increased",
         "breaking", "POST /products"),
    # the new pattern is '': every string matches it, as if there were none
    pair("request_property_pattern_added_or_changed", "api.schema.request.pattern-removed",
         "info", "POST /test"),
    pair("request_property_pattern_added_or_changed", "api.schema.request.pattern-added",
         "breaking", "POST /test", reverse=True),
    # The property is readOnly: clients never send it, so only responses see the pattern.
    files("pattern-base.yaml", "pattern-modified-not-anystring.yaml",
          "api.schema.response.pattern-changed", "info", "POST /api/v1.0/groups"),
    pair("request_property_type_changed", "api.schema.request.type-changed", "breaking",
         "POST /pets"),
    # `not` is compared as a whole; oasdiff walks into it and names each change.
    pair("not", "api.schema.request.not-changed", "warning", "POST /products"),
    files("deprecation/property_base.yaml", "deprecation/property_deprecated.yaml",
          "api.schema.request.deprecated", "warning", "POST /test"),
    files("required-properties/request-base.yaml", "required-properties/request-revision.yaml",
          "api.schema.request.property-became-optional", "info", "POST /users"),
    pair("sub_schema_traversal", "api.schema.request.min-length-increased", "breaking",
         "POST /products"),
    pair("sub_schema_added_property", "api.schema.request.required-property-added", "breaking",
         "POST /products"),
    # --- responses
    files("response-media-type-base.yaml", "response-media-type-revision.yaml",
          "api.response.media-type-removed", "breaking", "GET /products"),
    pair("add_new_media_type", "api.response.media-type-added", "info", "POST /api/v1.0/groups"),
    pair("response_min_decreased", "api.schema.response.minimum-decreased", "warning",
         "POST /products"),
    pair("exclusive_min_max", "api.schema.response.maximum-increased", "warning",
         "POST /products"),
    pair("response_optional_property_removed", "api.schema.response.property-removed",
         "breaking", "POST /api/v1.0/groups"),
    pair("additional_properties_traversal", "api.schema.response.property-removed", "breaking",
         "GET /entries"),
    pair("response_property_any_of_added", "api.schema.response.any-of-member-added", "warning",
         "GET /pets"),
    pair("response_property_any_of_removed", "api.schema.response.any-of-member-removed",
         "info", "GET /pets"),
    pair("response_property_one_of_added", "api.schema.response.one-of-member-added", "warning",
         "GET /pets"),
    pair("response_property_one_of_removed", "api.schema.response.one-of-member-removed",
         "info", "GET /pets"),
    pair("response_property_one_of_wrapped", "api.schema.response.property-became-optional",
         "breaking", "GET /example"),
    pair("response_property_became_optional", "api.schema.response.property-became-optional",
         "breaking", "POST /api/v1.0/groups"),
    files("ref-chain-example/base/openapi.yaml", "ref-chain-example/revision/openapi.yaml",
          "api.schema.response.property-became-optional", "breaking", "GET /pets"),
    files("required-properties/response-base.json", "required-properties/response-revision.json",
          "api.schema.response.property-became-optional", "breaking", "GET /web/search"),
    pair("response_required_property_added", "api.schema.response.required-property-added",
         "info", "POST /api/v1.0/groups"),
    pair("response_property_const_changed", "api.schema.response.const-changed", "breaking",
         "POST /api/v1.0/groups"),
    pair("response_property_default_value_changed", "api.schema.response.default-changed",
         "info", "POST /api/v1.0/groups"),
    pair("response_schema_type_changed", "api.schema.response.type-changed", "breaking",
         "POST /api/v1.0/groups"),
    files("type-change/base-response.yaml", "type-change/revision-response.yaml",
          "api.schema.response.type-changed", "breaking"),
    files("additional-properties/base.yaml", "additional-properties/revision.yaml",
          "api.schema.response.type-changed", "breaking", "GET /value"),
    pair("nullable_type_array_response", "api.schema.response.nullable-removed", "info",
         "GET /t"),
    pair("nullable_wrap_response", "api.schema.response.nullable-added", "breaking",
         "GET /test"),
    files("nullable/base-body.yaml", "nullable/revision-body.yaml",
          "api.schema.response.nullable-added", "breaking", "POST /payments/{id}"),
    files("nullable/base-property.yaml", "nullable/revision-property.yaml",
          "api.schema.response.nullable-added", "breaking", "POST /payments/{id}"),
    files("enums/response-enum.yaml", "enums/response-enum-2.yaml",
          "api.schema.response.enum-value-removed", "info"),
    pair("response_xml_type_compatible", "api.schema.response.type-changed", "info",
         "POST /api/v1.0/groups"),
]


@cache
def _found(base: str, revision: str) -> Found:
    data = corpus_dir("oasdiff-fixtures", "data")
    report = nosurprises.compare_openapi(data / base, data / revision, today=TODAY)
    return frozenset((c.rule, c.level.value, c.operation) for c in report.changes)


@pytest.mark.parametrize(("base", "revision", "rule", "level", "operation"), ROWS)
def test_oasdiff_pair_reports(base: str, revision: str, rule: str, level: str,
                              operation: str | None) -> None:
    found = _found(base, revision)
    hits = [f for f in found if f[0] == rule and (operation is None or f[2] == operation)]
    assert hits, f"{base} -> {revision}: no {rule}; got {sorted(found, key=str)}"
    assert level in {f[1] for f in hits}, f"{rule} reported as {sorted(f[1] for f in hits)}"


def test_enough_pairs() -> None:
    """The brief: at least 40 distinct oasdiff pairs are cross-checked."""
    assert len({(p.values[0], p.values[1]) for p in ROWS}) >= 40
