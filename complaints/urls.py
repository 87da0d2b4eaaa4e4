from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_inbox_view, name="inbox"),
    path("new/", views.complaint_record_view, name="record"),
    path("approvals/", views.approval_queue_view, name="approvals"),
    path("analytics/", views.complaint_analytics_view, name="analytics"),
    path("<int:pk>/", views.complaint_detail_view, name="detail"),
    path("<int:pk>/comments/", views.complaint_comment_view, name="comment"),
    path("<int:pk>/<slug:action>/", views.complaint_act_view, name="act"),
]
