"""Agencies' staff sign-in groups in the Cognito user pool (an `AgencyGroups`)."""

from __future__ import annotations

from botocore.exceptions import ClientError

from shared.aws import client
from shared.config import get_settings
from shared.principal import agency_group


class CognitoAgencyGroups:
    def create(self, agency_id: str) -> None:
        try:
            client("cognito-idp").create_group(
                UserPoolId=get_settings().user_pool_id,
                GroupName=agency_group(agency_id),
                Description=f"Staff of agency {agency_id}",
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "GroupExistsException":
                raise
