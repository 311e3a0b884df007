"""`delivery.hooks` calls every callback one way: the document, the time, and the party, the
service and the channel by keyword."""

from medarb.delivery import hooks


def test_a_callback_naming_its_keywords_receives_the_party_the_service_and_the_channel(monkeypatch):
    monkeypatch.setattr(hooks, "_callbacks", [])  # only this test's callback
    calls = []

    def on_served(document, served_at, *, party, service, channel):
        calls.append((document, served_at, party, service, channel))

    hooks.register_on_served(on_served)
    try:
        hooks.fire_on_served(document="doc", served_at="t", party="p", service="s", channel="sms")
    finally:
        hooks.unregister_on_served(on_served)

    assert calls == [("doc", "t", "p", "s", "sms")]
