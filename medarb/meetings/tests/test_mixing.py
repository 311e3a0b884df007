"""The arithmetic of a meeting's mix (offsets, length, grid, filter graph) and its refusals.
The mix of real recordings is in test_media.py, where Janus writes them."""

import shutil
from pathlib import Path

import pytest

from medarb.meetings.mixing import (
    MixError,
    Stream,
    filter_graph,
    grid,
    layout,
    mix_room,
    participants,
    span_seconds,
)

T0 = 1_796_621_866_000_000  # µs of the wall clock, as in a recording's header


def stream(user: str, kind: str, start_s: float, seconds: float) -> Stream:
    path = Path(f"videoroom-4711-user-{user}-{T0}-{kind}-{0 if kind == 'audio' else 1}.mjr")
    codec = "opus" if kind == "audio" else "vp8"
    return Stream(path, user, kind, codec, T0 + round(start_s * 1_000_000), seconds)


class TestOffsets:
    def test_each_stream_is_delayed_by_its_distance_from_the_first_packet(self):
        people = participants(
            [
                stream("2", "video", 3.25, 10),
                stream("1", "audio", 0.0, 12),
                stream("1", "video", 0.1, 12),
                stream("2", "audio", 3.0, 10),
            ]
        )
        assert [person.name for person in people] == ["1", "2"]  # in order of arrival
        assert people[0].offsets == {"audio": 0.0, "video": 0.1}
        assert people[1].offsets == {"audio": 3.0, "video": 3.25}

    def test_the_mix_lasts_from_the_first_packet_to_the_last(self):
        streams = [stream("1", "audio", 0, 12), stream("2", "video", 3.25, 10), stream("3", "audio", 5, 1)]
        assert span_seconds(streams) == 13.25

    def test_a_participant_heard_but_not_seen_gets_a_black_tile(self):
        people = participants(
            [stream("1", "audio", 0, 5), stream("1", "video", 0, 5), stream("2", "audio", 1, 4)]
        )
        inputs = {person.audio.path: index for index, person in enumerate(people)}
        inputs[people[0].video.path] = len(inputs)
        graph = filter_graph(people, inputs, 5.0)
        assert "color=c=black:s=480x360:r=15:d=5.000[v1]" in graph
        assert "adelay=1000:all=1[a1]" in graph
        assert "amix=inputs=2:normalize=0" in graph
        assert "xstack=inputs=2" in graph


class TestGrid:
    @pytest.mark.parametrize(
        ("count", "shape"), [(1, (1, 1)), (2, (2, 1)), (3, (2, 2)), (4, (2, 2)), (5, (3, 2)), (6, (3, 2))]
    )
    def test_tiles_make_a_grid_wider_than_tall(self, count, shape):
        assert grid(count) == shape

    def test_the_layout_places_tiles_row_by_row(self):
        assert layout(3) == "0_0|480_0|0_360"


@pytest.mark.skipif(not shutil.which("janus-pp-rec"), reason="janus-pp-rec is needed (janus-tools)")
class TestRefusals:
    def test_an_empty_folder_has_nothing_to_mix(self, tmp_path):
        with pytest.raises(MixError, match="no recordings"):
            mix_room(tmp_path, tmp_path / "mix.mp4")

    def test_a_corrupt_recording_is_named_in_the_error(self, tmp_path):
        name = f"videoroom-4711-user-1-{T0}-audio-0.mjr"
        (tmp_path / name).write_bytes(b"not a recording" * 100)
        with pytest.raises(MixError, match=name):
            mix_room(tmp_path, tmp_path / "mix.mp4")
        assert not (tmp_path / "mix.mp4").exists()

    def test_a_file_not_named_like_a_recording_is_refused(self, tmp_path):
        (tmp_path / "notes.mjr").write_bytes(b"MJR00002")
        with pytest.raises(MixError, match="not named like"):
            mix_room(tmp_path, tmp_path / "mix.mp4")
