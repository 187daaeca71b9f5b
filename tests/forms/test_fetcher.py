import pytest

from forms.fetcher import RefusedURL, ResourceFetcher, resource_path
from resources import ROOT

SHIPPED = ROOT / "agreements" / "nda.en.txt"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://otherhost" + str(SHIPPED),
        "file://localhost/etc/passwd",
        (ROOT / ".." / ".." / "pyproject.toml").as_uri(),
        ROOT.as_uri() + "/%2e%2e/%2e%2e/pyproject.toml",
        (ROOT / "no-such-file.png").as_uri(),
        ROOT.as_uri(),  # a directory
        "relative/path.png",
    ],
)
def test_everything_outside_resources_is_refused(url):
    with pytest.raises(RefusedURL):
        ResourceFetcher().fetch(url)


def test_symlink_out_of_resources_is_refused(tmp_path):
    target = tmp_path / "secret.txt"
    target.write_text("secret")
    link = ROOT / "agreements" / f"test-link-out-{tmp_path.name}"
    link.symlink_to(target)
    try:
        with pytest.raises(RefusedURL):
            ResourceFetcher().fetch(link.as_uri())
    finally:
        link.unlink()


def test_files_below_resources_are_served():
    response = ResourceFetcher().fetch(SHIPPED.as_uri())
    assert response.read() == SHIPPED.read_bytes()
    assert response.content_type == "text/plain"
    assert resource_path("file://localhost" + str(SHIPPED)) == SHIPPED.resolve()


def test_data_uris_are_served():
    assert ResourceFetcher().fetch("data:text/plain;base64,aGk=").read() == b"hi"
