"""`manage.py demo_totp <username>`: the TOTP code a demo account can sign in with now."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.demo.totp import next_token


class Command(BaseCommand):
    help = "显示演示账号当前的动态口令。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"账号 {username} 没有已绑定的动态口令设备。")
        self.stdout.write(next_token(device))
