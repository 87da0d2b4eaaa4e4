from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.reference import ReferenceViewSet
from core.http import api_user

from ..models import Department, User
from ..selectors import user_list
from ..services import DEPARTMENTS
from .serializers import DepartmentSerializer, UserSerializer


class DepartmentViewSet(ReferenceViewSet):
    """Departments: everyone reads them, admins maintain them."""

    scope_area = "directory"
    reference = DEPARTMENTS
    serializer_class = DepartmentSerializer
    queryset = Department.objects.all()
    ordering_fields = ["name"]
    ordering = ["name"]


class UserViewSet(viewsets.ReadOnlyModelViewSet[User]):
    """Users of your department (all users for an admin)."""

    scope_area = "directory"

    serializer_class = UserSerializer
    filterset_fields = ["role", "department", "is_active"]
    ordering_fields = ["username"]
    ordering = ["username"]

    def get_queryset(self) -> QuerySet[User]:
        return user_list(viewer=api_user(self.request))


class MeView(APIView):
    scope_area = "directory"

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        """The authenticated user: who the token or session belongs to."""
        return Response(UserSerializer(request.user).data)
