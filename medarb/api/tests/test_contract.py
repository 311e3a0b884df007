"""The API keeps its published contract: schemathesis sends generated requests to every
operation of the live OpenAPI schema (drf-spectacular), as a staff member with a token and
as a party with a portal session, and checks each answer: no server error, a status code and
content type the schema documents, and a body that matches the documented schema.

Examples are bounded (CONTRACT_EXAMPLES per operation and person) so it runs in CI.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from medarb.api.testing import token_key_for
from medarb.cases.party_links import link_parties_to_account
from medarb.testing import register

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db):
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def in_test_transaction():
    """The WSGI handler closes 'old' connections around each request; inside a test that would
    close the test's own transaction, so (as Django's test client does) it is kept open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def staff_headers(cast, in_test_transaction) -> dict:
    register(actor=cast.filing_officer, unit=cast.district)
    return {"Authorization": f"Token {token_key_for(cast.arbitrator)}"}


@pytest.fixture
def party_headers(cast, in_test_transaction) -> dict:
    register(actor=cast.filing_officer, unit=cast.district)
    link_parties_to_account(user=cast.worker, phone_index=cast.worker.phone_index)
    client = Client()
    client.force_login(cast.worker)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


schema = schemathesis.pytest.from_fixture("api_schema")
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_its_contract_for_a_staff_token(case, staff_headers):
    case.call_and_validate(headers=staff_headers, checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_its_contract_for_a_party_session(case, party_headers):
    case.call_and_validate(headers=party_headers, checks=CHECKS)


def test_a_body_no_parser_reads_is_refused_as_documented(cast, api_schema, staff_headers):
    """A multipart part without its headers (what schemathesis once sent) is refused, never a
    server error: 400 here; under some encodings DRF finds no media type and answers 415, so
    every operation with a body documents 415."""
    boundary = "a1b1a145175081719d8567d54b98d11e"
    answer = Client().post(
        "/api/v1/cases/",
        data=f"--{boundary}\r\n\xf2\xb9--{boundary}--\r\n".encode("latin-1"),
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_AUTHORIZATION=staff_headers["Authorization"],
    )
    assert answer.status_code in (400, 415), answer.content
    for path, operations in api_schema.raw_schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert "415" in operation["responses"], (method, path)
