"""A synthetic resident ID card photo for tests and the demo (fictional person)."""

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def id_card_png(name: str = "张三", number: str = "110101199003078515") -> bytes:
    image = Image.new("RGB", (856, 540), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 30)
    draw.text((60, 60), f"姓名  {name}", font=big, fill=(20, 20, 20))
    draw.text((60, 130), "性别  男    民族  汉", font=small, fill=(20, 20, 20))
    draw.text((60, 190), "出生  1990年3月7日", font=small, fill=(20, 20, 20))
    draw.text((60, 250), "住址  北京市东城区某某街道12号", font=small, fill=(20, 20, 20))
    draw.text((60, 420), f"公民身份号码  {number}", font=big, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
