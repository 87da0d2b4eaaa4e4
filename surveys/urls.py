from django.urls import path

from . import public, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_home_view, name="home"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("templates/new/", views.template_edit_view, name="template-create"),
    path("templates/<int:pk>/", views.template_detail_view, name="template"),
    path("templates/<int:pk>/edit/", views.template_edit_view, name="template-edit"),
    path("templates/<int:pk>/<slug:action>/", views.template_action_view, name="template-action"),
    path("campaigns/new/", views.campaign_create_view, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail_view, name="campaign"),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_action_view, name="campaign-action"),
    path("r/<str:token>/", public.respond_view, name="respond"),
]
