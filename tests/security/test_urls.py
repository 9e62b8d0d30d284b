"""Addresses name records by random UUIDs only: no sequential numbers to guess, no names or NHS
numbers. Other parameters are slugs of a fixed vocabulary (a stage, a report's figure)."""

import re

from tests.security.test_audit_coverage import routes

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# Django's password reset link carries a base64 user id and a signed token, not patient data.
ALLOWED = {("password_reset_confirm", "uidb64"), ("password_reset_confirm", "token")}


def parameters() -> list[tuple[str, str, str]]:
    return [
        (name, converter or "str", param)
        for name, route in routes().items()
        for converter, param in CONVERTER.findall(route)
        if (name, param) not in ALLOWED
    ]


def names_a_record(param: str) -> bool:
    return param in {"pk", "id"} or param.endswith(("_id", "_pk"))


def test_every_record_in_an_address_is_named_by_uuid():
    offending = [
        f"{name}: <{converter}:{param}>"
        for name, converter, param in parameters()
        if names_a_record(param) and converter != "uuid"
    ]
    assert offending == []


def test_no_address_takes_free_text_or_numbers():
    offending = [
        f"{name}: <{converter}:{param}>"
        for name, converter, param in parameters()
        if converter not in {"uuid", "slug"}
    ]
    assert offending == []


def test_the_walk_finds_the_parameters():
    found = routes()
    assert "<uuid:patient_id>" in found["audit:patient_access"]
    assert "<uidb64>" in found["password_reset_confirm"]
