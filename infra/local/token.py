"""`python -m infra.local.token <demo user>`: prints that user's ID token from the running local run.

The same sign-in the web app does (Cognito USER_PASSWORD_AUTH against the emulator), so examples read
`TOKEN=$(.venv/bin/python -m infra.local.token dienluc1)`.
"""

from __future__ import annotations

import argparse
import sys

import boto3

from shared.local_run import read_outputs


def id_token(username: str) -> str:
    outputs = read_outputs()
    demo_users = outputs.get("demo_users")
    listed = demo_users if isinstance(demo_users, list) else []
    users = {str(u["username"]): str(u["password"]) for u in listed}
    if username not in users:
        raise SystemExit(f"No demo user {username!r}; the demo users are: {', '.join(users)}.")
    cognito = boto3.client(
        "cognito-idp",
        endpoint_url=str(outputs["aws_endpoint_url"]),
        region_name=str(outputs["region"]),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - the emulator's fixed dummy credentials
    )
    answer = cognito.initiate_auth(
        ClientId=str(outputs["user_pool_client_id"]),
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": users[username]},
    )
    return str(answer["AuthenticationResult"]["IdToken"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.local.token",
        description="Print a demo staff user's ID token from the local run (.local/outputs.json).",
    )
    parser.add_argument("username", help="operator1, dienluc1, xaydung1, leader1 or admin1")
    print(id_token(parser.parse_args(argv).username))
    return 0


if __name__ == "__main__":
    sys.exit(main())
