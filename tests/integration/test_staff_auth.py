"""Staff sign-in: real Cognito ID tokens from the emulator, verified against the pool's keys."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import jwt
import pytest
from moto.utilities.utils import load_resource

from shared import auth
from shared.aws import reset_clients
from tests.support import sign_in, staff_call


def forged(pool: dict[str, Any], **changes: Any) -> str:
    """A token signed with the emulator's real key, with claims the test chooses."""
    private = load_resource("cognitoidp/resources/jwks-private.json")
    now = int(time.time())
    claims = {
        "sub": "s",
        "iss": pool["issuer"],
        "aud": pool["client_id"],
        "token_use": "id",
        "iat": now,
        "exp": now + 300,
        "cognito:username": "mallory",
        "cognito:groups": ["admin"],
        **changes,
    }
    key = jwt.PyJWK(private).key
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": private["kid"]})


def test_signed_in_staff_are_recognised_with_their_groups(pool: dict[str, Any]) -> None:
    status, me = staff_call("GET", "/v1/staff/me", token=sign_in(pool, "dl"))
    assert status == 200
    assert me == {"username": "dl", "groups": ["agency:dien-luc"], "agency_id": "dien-luc"}
    status, me = staff_call("GET", "/v1/staff/me", token=sign_in(pool, "op"))
    assert (status, me["groups"], me["agency_id"]) == (200, ["operator"], None)


def test_a_correctly_signed_token_with_valid_claims_passes(pool: dict[str, Any]) -> None:
    status, _ = staff_call("GET", "/v1/staff/me", token=forged(pool))
    assert status == 200  # the forgery helper itself is sound, so the refusals below mean something


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": int(time.time()) - 10},
        {"iss": "https://cognito-idp.ap-southeast-1.amazonaws.com/another-pool"},
        {"aud": "another-client"},
        {"token_use": "access"},
    ],
    ids=["expired", "other-issuer", "other-audience", "access-token"],
)
def test_tokens_that_are_not_ours_are_refused(pool: dict[str, Any], changes: dict[str, Any]) -> None:
    status, body = staff_call("GET", "/v1/staff/me", token=forged(pool, **changes))
    assert status == 401
    assert body["error"]["code"] == "unauthorized"
    # Which check failed is for the log: the client reads "invalid token", never a Python class name.
    if "token_use" not in changes:  # an access token is told an ID token is needed
        assert body["error"]["message_en"] == "Sign-in is not valid: invalid token."
        assert body["error"]["message_vi"] == "Phiên đăng nhập không hợp lệ: mã đăng nhập không hợp lệ."
    assert not re.search(r"[A-Z][a-z]+(Error|Exception)|Invalid[A-Z]|Expired[A-Z]", json.dumps(body))


CLOUD_ISSUER = "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_CloudPool"
CLOUD_CLIENT = "cloud-client-id"


@pytest.fixture
def cloud_keys(pool: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Settings as the stack deploys them (the issuer's own JWKS), with the cloud pool's key set served
    there and the emulator's published keys served only at the emulator's address."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    cloud_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(cloud_key.public_key()))
    cloud_jwks = {"keys": [{**public, "kid": "cloud-1", "alg": "RS256", "use": "sig"}]}
    emulator_jwks = load_resource("cognitoidp/resources/jwks-public.json")
    monkeypatch.setattr(
        jwt.PyJWKClient,
        "fetch_data",
        lambda self: cloud_jwks if self.uri.startswith(CLOUD_ISSUER) else emulator_jwks,
    )
    monkeypatch.setenv("AUTH_ISSUER", CLOUD_ISSUER)
    monkeypatch.setenv("AUTH_JWKS_URL", f"{CLOUD_ISSUER}/.well-known/jwks.json")
    monkeypatch.setenv("AUTH_CLIENT_ID", CLOUD_CLIENT)
    reset_clients()
    auth.reset()
    yield cloud_key
    reset_clients()
    auth.reset()


def test_tokens_signed_with_the_emulators_published_key_are_refused_by_the_cloud(
    pool: dict[str, Any], cloud_keys: Any
) -> None:
    cloud_claims = {"iss": CLOUD_ISSUER, "aud": CLOUD_CLIENT}
    # The cloud's own key: accepted (so the refusals below are about the key, not the setup).
    now = int(time.time())
    genuine = jwt.encode(
        {"sub": "s", "token_use": "id", "iat": now, "exp": now + 60, **cloud_claims},
        cloud_keys,
        algorithm="RS256",
        headers={"kid": "cloud-1"},
    )
    assert staff_call("GET", "/v1/staff/me", token=genuine)[0] == 200
    # The emulator's key, with the emulator's issuer or with the cloud's: refused.
    for token in (forged(pool), forged(pool, **cloud_claims)):
        status, body = staff_call("GET", "/v1/staff/me", token=token)
        assert (status, body["error"]["code"]) == (401, "unauthorized")


def test_a_token_signed_by_someone_else_is_refused(pool: dict[str, Any]) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = load_resource("cognitoidp/resources/jwks-private.json")
    now = int(time.time())
    token = jwt.encode(
        {
            "sub": "s",
            "iss": pool["issuer"],
            "aud": pool["client_id"],
            "token_use": "id",
            "iat": now,
            "exp": now + 60,
        },
        stranger,
        algorithm="RS256",
        headers={"kid": private["kid"]},
    )
    status, _ = staff_call("GET", "/v1/staff/me", token=token)
    assert status == 401


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt"])
def test_missing_or_malformed_credentials_are_401_in_both_languages(
    pool: dict[str, Any], header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    status, body = staff_call("GET", "/v1/staff/me", headers=headers)
    assert status == 401
    assert body["error"]["message_vi"] and body["error"]["message_en"]
    assert "Traceback" not in json.dumps(body)


def test_the_operator_picks_from_the_agencies_and_agency_staff_get_no_list(pool: dict[str, Any]) -> None:
    status, found = staff_call("GET", "/v1/staff/agencies", token=sign_in(pool, "op"))
    assert status == 200
    ids = {a["id"] for a in found["items"]}
    assert {"dien-luc", "so-xay-dung"} <= ids
    assert all("emails" not in a for a in found["items"])
    assert staff_call("GET", "/v1/staff/agencies", token=sign_in(pool, "dl"))[0] == 403


def test_agency_staff_read_the_agencies_names_only(pool: dict[str, Any]) -> None:
    status, found = staff_call("GET", "/v1/staff/agency-names", token=sign_in(pool, "dl"))
    assert status == 200
    names = {a["id"]: a for a in found["items"]}
    assert names["dien-luc"]["name"] and set(names["dien-luc"]) == {"id", "name"}


def test_a_key_set_that_does_not_answer_is_a_503_to_retry_not_a_sign_out(
    pool: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web app signs a person out on a 401; a key set that timed out says nothing about their token."""

    fetch, down = jwt.PyJWKClient.fetch_data, [True]

    def sometimes_timed_out(self: jwt.PyJWKClient) -> Any:
        if down:
            raise jwt.PyJWKClientConnectionError("timed out")
        return fetch(self)

    token = sign_in(pool, "op")
    auth.reset()
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", sometimes_timed_out)
    status, body = staff_call("GET", "/v1/staff/me", token=token)
    assert (status, body["error"]["code"]) == (503, "unavailable")
    assert body["error"]["message_vi"] and body["error"]["message_en"]
    down.clear()
    assert staff_call("GET", "/v1/staff/me", token=token)[0] == 200  # the same token, once it answers
