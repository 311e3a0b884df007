from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "medarb.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from huey.contrib.djhuey import HUEY

        from medarb.core import jobs

        jobs.connect(HUEY)

        from PIL import Image

        from medarb.core.images import PILLOW_MAX_PIXELS

        # Pillow's last line of defence for any decode that bypasses admit_image.
        Image.MAX_IMAGE_PIXELS = PILLOW_MAX_PIXELS

        from django.urls import register_converter

        from medarb.core.converters import IdConverter

        register_converter(IdConverter, "id")  # before any urls.py is imported
