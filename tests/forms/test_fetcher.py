import pytest

from forms.fetcher import RefusedURL, ResourceFetcher, resource_path
from resources import ROOT


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        (ROOT / ".." / ".." / "pyproject.toml").as_uri(),
        "file://otherhost" + str(ROOT / "__init__.py"),
        "ftp://example.com/x",
        (ROOT / "no-such-file.png").as_uri(),
    ],
)
def test_everything_outside_resources_is_refused(url):
    with pytest.raises((RefusedURL, ValueError)):
        ResourceFetcher().fetch(url)


def test_symlink_out_of_resources_is_refused(tmp_path):
    link = ROOT / "agreements" / "test-link-out"
    target = tmp_path / "secret.txt"
    target.write_text("secret")
    link.symlink_to(target)
    try:
        with pytest.raises(RefusedURL):
            resource_path(link.as_uri())
    finally:
        link.unlink()


def test_files_in_resources_and_data_uris_are_served():
    response = ResourceFetcher().fetch((ROOT / "agreements" / "nda.en.txt").as_uri())
    assert b"Confidentiality" in response.read()
    assert ResourceFetcher().fetch("data:text/plain;base64,aGk=").read() == b"hi"
