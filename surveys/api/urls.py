from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    CampaignViewSet,
    PublicSurveyView,
    SegmentResultsView,
    SurveyResponseViewSet,
    SurveyTemplateViewSet,
)

router = SimpleRouter()
router.register("surveys/templates", SurveyTemplateViewSet, basename="survey-template")
router.register("surveys/campaigns", CampaignViewSet, basename="survey-campaign")
router.register("surveys/responses", SurveyResponseViewSet, basename="survey-response")

urlpatterns = [
    path("surveys/results/segments/", SegmentResultsView.as_view(), name="survey-segment-results"),
    path("surveys/public/<str:token>/", PublicSurveyView.as_view(), name="survey-public"),
    *router.urls,
]
