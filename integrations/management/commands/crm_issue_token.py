from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core.errors import DomainError
from integrations.models import API_SCOPES
from integrations.services import api_client_issue


class Command(BaseCommand):
    help = "Issue an API token for a system (prints the token once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument(
            "--as", dest="acts_as", required=True, help="Username whose visibility applies"
        )
        parser.add_argument(
            "--scope", dest="scopes", action="append", required=True, choices=API_SCOPES
        )
        parser.add_argument("--rate", default="600/min")
        parser.add_argument("--issued-by", default="admin", help="An administrator's username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            acts_as = User.objects.get(username=options["acts_as"])
            actor = User.objects.get(username=options["issued_by"])
        except User.DoesNotExist as exc:
            raise CommandError("No such user.") from exc
        try:
            client, raw = api_client_issue(
                actor=actor,
                name=options["name"],
                acts_as=acts_as,
                scopes=options["scopes"],
                throttle_rate=options["rate"],
            )
        except DomainError as exc:
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.field_errors.items())
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        self.stdout.write(raw)
        self.stderr.write(
            f"Issued {client.name}: scopes {', '.join(client.scopes)}; shown only now."
        )
