from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .dashboards import department_view, manager_day
from .http import AuthenticatedRequest

logger = logging.getLogger(__name__)


@login_required
def home_view(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: an account manager's day, or a supervisor's department at a glance."""
    user = request.user
    if user.is_manager and not user.is_admin_role:
        return render(
            request, "home.html", {"day": manager_day(user=user), "today": timezone.localdate()}
        )
    return render(request, "home.html", {"department": department_view(user=user)})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False
    return True


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: jobs run in-process
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.RedisError:
        logger.exception("health check: broker unreachable")
        return "down"
    return "ok"


@never_cache
def health_view(request: HttpRequest) -> JsonResponse:
    """For load balancers and orchestrators: 200 when the database and the broker answer."""
    database = "ok" if _database_ok() else "down"
    broker = _broker_state()
    healthy = database == "ok" and broker != "down"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
