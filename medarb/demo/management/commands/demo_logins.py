"""`manage.py demo_logins --url URL`: print where the platform runs and who can sign in."""

from django.core.management.base import BaseCommand

from medarb.demo import district, loader


class Command(BaseCommand):
    help = "打印访问地址和演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        rows = loader.logins_table()
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"medarb 已启动：{url}"))
        if not rows:
            out.write("（数据库中没有演示账号：运行 `manage.py load_demo` 加载演示数据。）")
            return
        out.write(
            f"工作人员登录：{url.rstrip('/')}/accounts/login/    统一演示密码：{district.DEMO_PASSWORD}"
        )
        headers = ("用户名", "姓名", "角色", "单位", "二次验证")
        table = [(r["username"], r["name"], r["role"], r["unit"], r["mfa"]) for r in rows]
        widths = [max(_width(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
        for row in [headers, *table]:
            out.write("  " + "  ".join(_pad(str(cell), widths[i]) for i, cell in enumerate(row)).rstrip())
        out.write("带“TOTP”的账号登录时需要动态口令：`manage.py demo_totp <用户名>` 显示当前口令。")
        out.write(
            f"当事人登录：{url.rstrip('/')}/accounts/party/    劳动者 {district.WORKER['name']} "
            f"{district.WORKER['phone']}；用人单位 {district.EMPLOYER['name']} {district.EMPLOYER['phone']}"
        )
        out.write('（演示环境的短信验证码打印在服务器日志中，形如 “SMS to 138… {"code": "123456"}”。）')
        out.write("")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
