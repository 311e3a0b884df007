"""A synthetic resident ID card photo for tests and the demo (fictional person), and photos of
real faces for the face tests, from packages: face_recognition's source distribution (several
photos of one man and one of another, unpacked by `make test-photos`), matplotlib's
grace_hopper.jpg and scikit-image's astronaut()."""

import base64
import io
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TEST_PHOTOS = Path(settings.BASE_DIR) / "var" / "test-photos"
# Where a resident ID card's front carries the holder's photo (856 × 540 card image).
CARD_PHOTO_BOX = (585, 70, 805, 340)


def photo(name: str) -> bytes:
    """One of face_recognition's test photos: obama.jpg, obama2.jpg, obama3.jpg, biden.jpg…"""
    path = TEST_PHOTOS / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make test-photos` (part of `make test`)")
    return path.read_bytes()


def grace_hopper() -> bytes:
    from matplotlib import cbook

    return Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)).read_bytes()


def astronaut() -> bytes:
    from skimage import data

    return encode(Image.fromarray(data.astronaut()), "JPEG")


def encode(image: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def frame(name: str, shift: int = 0) -> bytes:
    """A 480-pixel frame as the page sends it, the photo moved a little (a hand is never still)."""
    image = Image.open(io.BytesIO(photo(name))).convert("RGB")
    image = image.crop((shift, shift, image.width - 20 + shift, image.height - 20 + shift))
    image.thumbnail((480, 480))
    return encode(image, quality=85)


def camera_showing(names: list[str], tmp: Path) -> Path:
    """Video of the photos one second each, looped by Chromium's fake camera (Y4M): the man
    facing the camera, then turned (for the liveness burst)."""
    out = tmp / "camera.y4m"
    inputs, chains = [], []
    for n, name in enumerate(names):
        inputs += ["-loop", "1", "-t", "1", "-r", "10", "-i", str(TEST_PHOTOS / name)]
        chains.append(f"[{n}]scale=-2:800,pad=640:800:(ow-iw)/2:0,setsar=1[v{n}]")
    joined = "".join(f"[v{n}]" for n in range(len(names)))
    graph = ";".join(chains) + f";{joined}concat=n={len(names)}:v=1:a=0,format=yuv420p"
    subprocess.run(["ffmpeg", "-v", "error", "-y", *inputs, "-filter_complex", graph, str(out)], check=True)
    return out


def fake_camera(video: Path) -> tuple[str, ...]:
    """Chromium's flags for a camera that plays `video` and needs no permission prompt."""
    return (
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )


def side_by_side(*photos: bytes) -> bytes:
    """Several photos in one picture (two faces in one frame)."""
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in photos]
    height = min(i.height for i in images)
    images = [i.resize((i.width * height // i.height, height)) for i in images]
    joined = Image.new("RGB", (sum(i.width for i in images), height), "white")
    x = 0
    for image in images:
        joined.paste(image, (x, 0))
        x += image.width
    return encode(joined)


def id_card_png(name: str = "张三", number: str = "110101199003078515", face: bytes | None = None) -> bytes:
    """The front of a resident ID card; with `face`, that photo is printed where the holder's
    photo sits (cropped to the card's 3:4 portrait frame around its centre)."""
    image = Image.new("RGB", (856, 540), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 30)
    draw.text((60, 60), f"姓名  {name}", font=big, fill=(20, 20, 20))
    draw.text((60, 130), "性别  男    民族  汉", font=small, fill=(20, 20, 20))
    draw.text((60, 190), "出生  1990年3月7日", font=small, fill=(20, 20, 20))
    draw.text((60, 250), "住址  北京市东城区某某街道12号", font=small, fill=(20, 20, 20))
    draw.text((60, 420), f"公民身份号码  {number}", font=big, fill=(20, 20, 20))
    if face is not None:
        left, top, right, bottom = CARD_PHOTO_BOX
        portrait = Image.open(io.BytesIO(face)).convert("RGB")
        want = (right - left) / (bottom - top)
        if portrait.width / portrait.height > want:  # too wide: keep the middle
            width = int(portrait.height * want)
            portrait = portrait.crop(
                ((portrait.width - width) // 2, 0, (portrait.width + width) // 2, portrait.height)
            )
        else:  # too tall: keep the top (the head)
            portrait = portrait.crop((0, 0, portrait.width, int(portrait.width / want)))
        image.paste(portrait.resize((right - left, bottom - top)), (left, top))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def chip_photo_bmp(face: bytes) -> bytes:
    """What a resident ID card's chip holds: a 102 × 126 head-and-shoulders photo, as the
    reader returns it (BMP), cut from a real photo around its face."""
    from medarb.identity import faces

    top, right, bottom, left = faces.one_face(face).box
    image = Image.fromarray(faces.photo_pixels(face))
    width = (right - left) / 0.6  # the face fills some 60 % of the photo's width
    height = width * 126 / 102
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    box = (centre_x - width / 2, centre_y - height * 0.45, centre_x + width / 2, centre_y + height * 0.55)
    return encode(image.crop(tuple(int(v) for v in box)).resize((102, 126), Image.Resampling.LANCZOS), "BMP")


def chinavision_card(
    *, name: str = "张三", number: str = "110101199003078515", face: bytes | None = None, **fields
) -> dict:
    """A 华视 (CVR) reader's answer to /readcard for a card on the reader."""
    return {
        "resultFlag": 0,
        "errorMsg": "读卡成功",
        "partyName": name,
        "gender": "男",
        "nation": "汉",
        "bornDay": number[6:14],
        "certAddress": "北京市东城区某某街道12号",
        "certNumber": number,
        "certOrg": "北京市公安局东城分局",
        "effDate": "20150601",
        "expDate": "20350601",
        "identityPic": base64.b64encode(chip_photo_bmp(face)).decode() if face else "",
        **fields,
    }


class ChinaVisionReader:
    """A local web service speaking the 华视 (CVR) reader protocol, as the vendor's service does
    on a window PC: GET /OpenDevice, /readcard, /CloseDevice answer JSON (with the vendor's
    " : " separators) and allow any origin. `card` is what lies on the reader (None: nothing)."""

    def __init__(self):
        reader = self
        self.card: dict | None = None
        self.requests: list[str] = []
        self.opened = False

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                reader.requests.append(path)
                answer = reader.answer(path)
                if answer is None:
                    self.send_error(404)
                    return
                body = json.dumps(answer, ensure_ascii=False, indent=1, separators=(",", " : ")).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str) -> dict | None:
        if path == "/OpenDevice":
            self.opened = True
            return {"resultFlag": 0, "errorMsg": "打开设备成功"}
        if path == "/CloseDevice":
            self.opened = False
            return {"resultFlag": 0, "errorMsg": "关闭设备成功"}
        if path.lower() == "/readcard":
            if not self.opened:
                return {"resultFlag": -1, "errorMsg": "设备未打开"}
            if self.card is None:
                return {"resultFlag": -2, "errorMsg": "未找到卡"}
            return self.card
        return None

    def close(self):
        self.server.shutdown()
        self.server.server_close()
