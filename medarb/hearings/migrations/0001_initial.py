import django.db.models.deletion
import medarb.hearings.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cases", "0001_initial"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(default=medarb.hearings.models._new_token, editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="calendar_feeds", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={"verbose_name": "日历订阅", "verbose_name_plural": "日历订阅"},
        ),
        migrations.CreateModel(
            name="Sitting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("hearing", "开庭"),
                            ("mediation_session", "调解"),
                            ("joint_review", "会审"),
                            ("other", "其他安排"),
                        ],
                        max_length=20,
                        verbose_name="类型",
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="开始时间")),
                ("ends_at", models.DateTimeField(verbose_name="结束时间")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("scheduled", "已安排"),
                            ("postponed", "已延期"),
                            ("held", "已举行"),
                            ("cancelled", "已取消"),
                        ],
                        db_index=True,
                        default="scheduled",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("is_public", models.BooleanField(default=True, verbose_name="公开")),
                ("notes", models.TextField(blank=True, verbose_name="备注")),
                ("notice_waiver_reason", models.CharField(blank=True, max_length=255, verbose_name="通知期限豁免理由")),
                ("state_reason", models.CharField(blank=True, max_length=255, verbose_name="变更理由")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="sittings", to="cases.case", verbose_name="案件"
                    ),
                ),
                (
                    "clerk",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sittings_as_clerk",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="书记员",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "members",
                    models.ManyToManyField(
                        related_name="sittings_as_member", to=settings.AUTH_USER_MODEL, verbose_name="仲裁员/调解员"
                    ),
                ),
                (
                    "room",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sittings",
                        to="orgs.room",
                        verbose_name="场所",
                    ),
                ),
            ],
            options={
                "verbose_name": "开庭/调解安排",
                "verbose_name_plural": "开庭/调解安排",
                "ordering": ["starts_at", "id"],
                "indexes": [
                    models.Index(fields=["room", "starts_at"], name="sitting_room_starts"),
                    models.Index(fields=["starts_at", "ends_at"], name="sitting_interval"),
                    models.Index(fields=["case", "starts_at"], name="sitting_case_starts"),
                ],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("starts_at__lt", models.F("ends_at"))), name="sitting_starts_before_end")
                ],
            },
        ),
    ]
