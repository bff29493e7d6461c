"""Store again the deadlines every review has met: after a bulk load, or a new list of bank holidays."""

from django.core.management.base import BaseCommand

from reviews.clock.stored import store_all_met_deadlines


class Command(BaseCommand):
    help = "Store again, for every review, the statutory deadlines it has met on time or late."

    def handle(self, *args, **options):
        rows = store_all_met_deadlines()
        self.stdout.write(f"Stored {rows} met deadlines.")
