from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.http import AuthenticatedRequest

from .dashboards import department_view, manager_day


@login_required
def home_view(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: an account manager's day, or a supervisor's department at a glance."""
    user = request.user
    if user.is_manager and not user.is_admin_role:
        return render(
            request, "home.html", {"day": manager_day(user=user), "today": timezone.localdate()}
        )
    return render(request, "home.html", {"department": department_view(user=user)})
