from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "care"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox_view, name="inbox"),
    path("reminders/<int:pk>/<slug:action>/", views.reminder_action_view, name="reminder-action"),
    path("at-risk/", views.at_risk_view, name="at-risk"),
    path("losses/", views.losses_view, name="losses"),
    path("losses/<int:pk>/", views.loss_view, name="loss"),
]
