from core.clientip import client_address


def test_client_address_uses_a_proxy_header_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP="203.0.113.5")
    assert client_address(request) == "10.0.0.9"
    settings.LEDCHECK_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request) == "203.0.113.5"
