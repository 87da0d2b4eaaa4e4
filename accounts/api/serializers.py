from rest_framework import serializers

from ..models import Department, User
from ..services import DEPARTMENTS


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", *DEPARTMENTS.fields]


class UserSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="__str__", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "role",
            "department",
            "department_name",
            "is_active",
        ]
