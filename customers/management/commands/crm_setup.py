from typing import Any

from django.core.management.base import BaseCommand

from customers.services import regions_load_standard

NEXT_STEPS = """
Next:
  1. Create the first administrator (no department needed):
       manage.py crm_adduser <username> --role admin --password '<password>'
  2. Sign in as the administrator. Under Administration > Reference data (/reference/) add
     the departments, the product categories and the products; regions and provinces are
     loaded and can be edited or deactivated there too. The API has the same:
     /api/v1/departments/, /api/v1/product-categories/, /api/v1/products/, /api/v1/regions/.
  3. Create the people, each in a department (created if it does not exist yet):
       manage.py crm_adduser <username> --role manager --department <department> \\
         --password '<password>'
     Roles: manager (account manager), supervisor, staff (department staff), admin.
  4. Account managers then take customers (a region is optional) and their orders, on the
     pages, through the API (/api/docs/) or by importing CSV/XLSX files.
"""


class Command(BaseCommand):
    help = (
        "Load the standard reference data of a company in China (the seven regions with their "
        "provinces) and say what to do next. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = regions_load_standard()
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {loaded.regions} added, {loaded.regions_present} already there. "
                f"Provinces: {loaded.provinces} added, {loaded.provinces_present} already there."
            )
        )
        self.stdout.write(NEXT_STEPS)
