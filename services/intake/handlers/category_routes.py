"""The directory as the public sees it: categories and the extra fields each asks for."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.intake.handlers.adapters import directory
from services.intake.logic.categories import list_categories
from services.intake.models import CategoryOut

router = APIGatewayRouter()


@router.get("/v1/categories", summary="Categories, in Vietnamese and English, with their extra fields")
def get_categories() -> list[CategoryOut]:
    return list_categories(directory)
