"""Chinese business formatting: amounts grouped by thousands (¥1,234,567.50), as invoices do."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
