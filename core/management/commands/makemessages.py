"""makemessages without fuzzy matching: a guessed translation of a similar string is worse than
none, because it reads as finished."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
