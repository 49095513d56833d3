"""Lift a sign-in lockout before its cool-off ends (README "Security")."""

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Unlock sign-in for an account (--username) and/or an address (--ip): deletes the failed "
        "attempts django-axes counts for them. Same as axes_reset_username / axes_reset_ip."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="the account name, as typed on the sign-in form")
        parser.add_argument("--ip", help="the address the attempts came from")

    def handle(self, *args, username=None, ip=None, **options):
        if not username and not ip:
            raise CommandError("Give --username, --ip or both.")
        removed = 0
        if username:
            removed += reset(username=username)
        if ip:
            removed += reset(ip=ip)
        self.stdout.write(f"Unlocked: {removed} record(s) of failed attempts removed.")
