"""The configuration Janus is started with, as rendered from the settings."""

from medarb.meetings import janus


class TestRenderedConfiguration:
    def test_only_the_server_may_create_rooms_with_its_admin_key(self, settings):
        settings.MEDARB_JANUS_ADMIN_KEY = "k-123"
        rendered = janus.render_videoroom()
        assert 'admin_key = "k-123"' in rendered
        assert "lock_rtp_forward = true" in rendered

    def test_the_http_api_listens_on_loopback_unless_told_otherwise(self, settings):
        settings.MEDARB_JANUS_HTTP_PORT = 18090
        rendered = janus.render_http()
        assert 'ip = "127.0.0.1"' in rendered
        assert "port = 18090" in rendered
        assert "admin_http = false" in rendered
        settings.MEDARB_JANUS_HTTP_IP = "0.0.0.0"
        assert 'ip = "0.0.0.0"' in janus.render_http()

    def test_it_links_only_the_videoroom_plugin_and_the_http_transport(self, settings, tmp_path):
        config = janus.write(tmp_path, port=18090, admin_key="k")
        modules = tmp_path / "modules"
        assert sorted(p.name for p in (modules / "plugins").iterdir()) == ["libjanus_videoroom.so"]
        assert sorted(p.name for p in (modules / "transports").iterdir()) == ["libjanus_http.so"]
        assert not any((modules / "none").iterdir())  # no event handlers, no loggers
        core = config.read_text()
        assert f'plugins_folder = "{modules / "plugins"}"' in core
        assert f'configs_folder = "{tmp_path / "conf"}"' in core
        assert (tmp_path / "conf" / "janus.plugin.videoroom.jcfg").stat().st_mode & 0o077 == 0
        assert (tmp_path / "rec").is_dir()

    def test_writing_again_replaces_the_links(self, tmp_path):
        janus.write(tmp_path, port=18090, admin_key="k")
        janus.write(tmp_path, port=18090, admin_key="k")
        assert len(list((tmp_path / "modules" / "plugins").iterdir())) == 1


class TestProduction:
    def test_media_ports_and_the_public_address_are_set_only_when_given(self, settings, tmp_path):
        settings.MEDARB_JANUS_RTP_PORTS, settings.MEDARB_JANUS_PUBLIC_IP = "", ""
        plain = janus.render_core(tmp_path)
        assert "rtp_port_range" not in plain and "nat_1_1_mapping" not in plain
        settings.MEDARB_JANUS_RTP_PORTS, settings.MEDARB_JANUS_PUBLIC_IP = "20000-20199", "203.0.113.7"
        public = janus.render_core(tmp_path)
        assert 'rtp_port_range = "20000-20199"' in public
        assert 'nat_1_1_mapping = "203.0.113.7"' in public
