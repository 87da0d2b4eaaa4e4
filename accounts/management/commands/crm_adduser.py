from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role
from accounts.services import user_create
from core.errors import DomainError


class Command(BaseCommand):
    help = "Provision a CRM user with a role and a department (created if it does not exist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--department",
            default=None,
            help="Department name (created if missing); everyone but an admin has one",
        )
        parser.add_argument("--password", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = user_create(
                username=options["username"],
                role=options["role"],
                password=options["password"],
                department_name=options["department"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except DomainError as exc:
            lines = [exc.message] + [
                f"  {field}: {' '.join(messages)}" for field, messages in exc.field_errors.items()
            ]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.username} ({user.get_role_display()}, {user.department or '-'})"
            )
        )
