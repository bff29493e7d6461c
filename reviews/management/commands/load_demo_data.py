"""Load the fictional demo partnerships and print the demo accounts (local use only)."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reviews import demo_data


class Command(BaseCommand):
    help = (
        "Load a fictional demo partnership with one user for each role (only where "
        "settings.DEMO_DATA_ALLOWED is True). Safe to run again: it then only resets the demo passwords."
    )

    def handle(self, *args, **options):
        try:
            outcome = demo_data.load()
        except demo_data.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(f"The demo data did not pass validation; nothing was saved. {exc}") from exc

        if outcome.created:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present: nothing added; demo passwords reset.")
        self._print_accounts(outcome)

    def _print_accounts(self, outcome: demo_data.Outcome) -> None:
        address = os.environ.get("DEV_ADDR") or "127.0.0.1:8000"
        self.stdout.write(f"\nSign in at http://{address}/sign-in/")
        self.stdout.write(f"Password for every demo user (local use only): {outcome.password}")
        if outcome.two_factor_usernames:
            self.stdout.write(
                f"Two-factor key for {', '.join(outcome.two_factor_usernames)} (local use only): "
                f"{outcome.two_factor_key}\n"
                "  Add it to an authenticator app as a time-based key, then enter the app's code after "
                "the password."
            )
        self.stdout.write("")
        rows = [("Username", "Role", "Partnership", "Agency")]
        rows += [(a.username, a.role, a.partnership, a.agency) for a in outcome.accounts]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        rows.insert(1, tuple("-" * width for width in widths))
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
