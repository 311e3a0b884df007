from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "medarb.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from huey.contrib.djhuey import HUEY

        from medarb.core import jobs

        jobs.connect(HUEY)

        import weasyprint.images  # noqa: F401  (turns on Pillow's LOAD_TRUNCATED_IMAGES on import)
        from PIL import Image, ImageFile

        from medarb.core.images import PILLOW_MAX_PIXELS

        # Pillow's last line of defence for any decode that bypasses admit_image.
        Image.MAX_IMAGE_PIXELS = PILLOW_MAX_PIXELS
        # A truncated upload is refused, not silently padded; every image a document
        # embeds was admitted whole, so WeasyPrint loses nothing by this.
        ImageFile.LOAD_TRUNCATED_IMAGES = False

        from django.urls import register_converter

        from medarb.core.converters import IdConverter

        register_converter(IdConverter, "id")  # before any urls.py is imported
