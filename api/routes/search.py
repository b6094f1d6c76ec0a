from fastapi import APIRouter

router = APIRouter(tags=["search"])
# GET /v1/search is implemented with the retrieval (foundation issue).
