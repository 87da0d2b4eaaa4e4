"""`Authorization: Bearer crm_…` — a system's token. The system acts with the visibility of
its `acts_as` user and only in the areas its scopes name."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import User

from .models import ApiClient
from .services import TOKEN_PREFIX, token_digest


class ApiClientAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        keyword, _sep, raw = header.partition(" ")
        if keyword != self.keyword or not raw.startswith(TOKEN_PREFIX):
            return None
        client = (
            ApiClient.objects.select_related("acts_as", "acts_as__department")
            .filter(token_hash=token_digest(raw.strip()))
            .first()
        )
        if client is None or not client.is_active or not client.acts_as.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        now = timezone.now()
        # Record use at most once a minute, not on every call.
        if client.last_used_at is None or now - client.last_used_at > timedelta(minutes=1):
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client.acts_as, client

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
