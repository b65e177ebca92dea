"""Who is calling: a Cognito ID token verified against the user pool's JWKS, turned into a Principal.

Verified in the function, not only by API Gateway's authorizer: the local runner has no authorizer, and a
second check costs one signature verification (keys are cached per container by PyJWKClient).
The issuer and the JWKS URL are separate settings because the emulator signs tokens with the real AWS
issuer but serves its keys at its own address.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from shared.config import get_settings
from shared.errors import Unauthorized, Unavailable
from shared.principal import Principal

if TYPE_CHECKING:
    import jwt

# PyJWT (and the cryptography package it verifies RS256 with) is imported when a token is first checked,
# not when a handler module loads: those libraries cost every cold start ~0.1 s, while several routes of
# these handlers (public statistics, health) never see a token. The checks themselves are unchanged.

JWKS_TIMEOUT_S = 5
logger = Logger(child=True)


@cache
def _jwks_client(url: str) -> jwt.PyJWKClient:
    import jwt

    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=JWKS_TIMEOUT_S)


def _refuse(reason: str, reason_vi: str) -> Unauthorized:
    return Unauthorized(f"Phiên đăng nhập không hợp lệ: {reason_vi}.", f"Sign-in is not valid: {reason}.")


def _invalid_token(error: jwt.PyJWTError) -> Unauthorized:
    # Which check failed (expired, issuer, signature) goes to the log; a client learns only that it failed.
    # A warning: a good client refreshes before expiry, so a refusal is a fault or a probe worth seeing.
    logger.warning("token refused", extra={"reason": type(error).__name__})
    return _refuse("invalid token", "mã đăng nhập không hợp lệ")


def verify_id_token(token: str) -> Principal:
    import jwt

    settings = get_settings()
    if not settings.auth_jwks_url or not settings.auth_issuer or not settings.auth_client_id:
        raise _refuse("authentication is not configured", "hệ thống chưa cấu hình đăng nhập")
    try:
        key = _jwks_client(settings.auth_jwks_url).get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=["RS256"],
            audience=settings.auth_client_id,
            issuer=settings.auth_issuer,
            options={"require": ["exp", "iat", "sub", "token_use"]},
        )
    except jwt.PyJWKClientConnectionError as error:
        # The pool's key set did not answer in time: the token may well be good, so this is ours to retry
        # (a 401 would tell the web app the session is over and sign the person out).
        logger.warning("the sign-in key set could not be read", extra={"reason": repr(error)})
        raise Unavailable(
            "Chưa kiểm tra được phiên đăng nhập lúc này, vui lòng thử lại.",
            "Sign-in could not be checked just now; please try again.",
        ) from error
    except jwt.PyJWTError as error:
        raise _invalid_token(error) from error
    if claims.get("token_use") != "id":
        raise _refuse("an ID token is required", "cần mã ID token")
    return Principal(
        subject=str(claims["sub"]),
        username=str(claims.get("cognito:username") or claims["sub"]),
        groups=frozenset(claims.get("cognito:groups") or ()),
    )


def principal_from_header(authorization: str | None) -> Principal:
    """`Authorization: Bearer <ID token>` → the caller; Unauthorized (401) otherwise."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _refuse("send 'Authorization: Bearer <ID token>'", "hãy gửi 'Authorization: Bearer <ID token>'")
    return verify_id_token(token.strip())


def reset() -> None:
    _jwks_client.cache_clear()


def caller(event: BaseProxyEvent) -> Principal:
    """The signed-in staff member behind an API request (401 without a valid ID token)."""
    return principal_from_header(event.headers.get("Authorization") or event.headers.get("authorization"))
