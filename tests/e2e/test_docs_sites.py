"""Docs sites built with the installed wheel, as a docs author sets them up (README "Use it"):
a Material for MkDocs site with instant navigation under a sub-path, and a Sphinx site with an
rST and a MyST page. Served, and opened in a browser with the stub: every conversation is
described with the site's attributes and then its page's."""

import pytest

from artifacts import free_port
from pages import boot_ready
from readme import blocks

# The session's wheel and venv are built once, on one worker.
pytestmark = pytest.mark.xdist_group("artifacts")

BUILD_ENV = {"KUSTOMER_API_KEY": "test-key", "NO_MKDOCS_2_WARNING": "1"}
SITE = {"docsSiteStr": "Acme Docs"}
HOME = {**SITE, "docsSectionStr": "home"}
BILLING = {**SITE, "docsSectionStr": "billing"}

# The README's complete examples, as written there.
_, MKDOCS_YML, MKDOCS_BILLING = (code for _, code in blocks("### MkDocs and Material for MkDocs"))
_, SPHINX_CONF, SPHINX_BILLING = (code for _, code in blocks("### Sphinx"))
README_SITE_URL = "https://acme.github.io/docs/"

MKDOCS_HOME = """\
---
kustomer:
  docsSectionStr: home
---
# Acme Docs

Read about [invoices](billing/invoices.md).
"""
SPHINX_HOME = """\
:kustomer-docsSectionStr: home

Acme Docs
=========

.. toctree::

   billing
   invoices
"""


def write_project(folder, files):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def mkdocs_project(folder, site_url=README_SITE_URL, options="", settings=""):
    """The README's site at ``site_url`` (no Google Fonts: nothing from another host), with
    more plugin ``options`` and top-level ``settings`` (YAML lines)."""
    config = MKDOCS_YML.replace(README_SITE_URL, site_url).replace(
        "  name: material\n", "  name: material\n  font: false\n"
    )
    files = {
        "mkdocs.yml": config + options + settings,
        "docs/index.md": MKDOCS_HOME,
        "docs/billing/invoices.md": MKDOCS_BILLING,
    }
    return write_project(folder, files)


def sphinx_project(folder, settings=""):
    """The README's Sphinx site, with MyST for its Markdown page, and more ``settings``."""
    files = {
        "conf.py": SPHINX_CONF + 'extensions.append("myst_parser")\n' + settings,
        "index.rst": SPHINX_HOME,
        "billing.rst": SPHINX_BILLING,
        "invoices.md": MKDOCS_BILLING,
    }
    return write_project(folder, files)


def build(installed, project, *command):
    result = installed.run(*command, cwd=project, env=BUILD_ENV)
    return result.returncode, result.stdout + result.stderr


def served_build(installed, serve_folder, folder, make_command, sub_path):
    """A host serving ``folder``, then a build into its ``sub_path`` (so the build knows the
    site's URL); returns that URL."""
    folder.mkdir(exist_ok=True)
    url = "%s/%s" % (serve_folder(folder), sub_path)
    code, output = build(installed, *make_command(url, folder / sub_path))
    assert code == 0, output
    return url


@pytest.fixture(scope="module")
def material_site(installed, serve_folder, tmp_path_factory):
    """Material for MkDocs, instant navigation, directory URLs, under /docs/ (strict build)."""

    def command(url, site_dir):
        project = mkdocs_project(tmp_path_factory.mktemp("mkdocs"), url)
        return project, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)

    return served_build(installed, serve_folder, tmp_path_factory.mktemp("host"), command, "docs/")


@pytest.fixture(scope="module")
def sphinx_sites(installed, serve_folder, tmp_path_factory):
    """The Sphinx site built by the html builder (in parallel, warnings as errors) into
    /html/ and by the dirhtml builder into /dirhtml/ of one host."""
    project = sphinx_project(tmp_path_factory.mktemp("sphinx"))
    host = tmp_path_factory.mktemp("host")
    for builder in ("html", "dirhtml"):
        command = ("-m", "sphinx", "-W", "-j", "2", "-b", builder, ".", str(host / builder))
        code, output = build(installed, project, *command)
        assert code == 0, output
    return serve_folder(host) + "/"


def described_on(page, kustomer_stub, expected):
    """A conversation started on the page is described with ``expected`` among its attributes
    and the page's URL."""
    conversation = kustomer_stub.create_conversation()
    kustomer_stub.expect_described(conversation, {**expected, "pageUrl": page.url})


@pytest.mark.parametrize("path, expected", [("", HOME), ("billing/invoices/", BILLING)])
def test_a_mkdocs_material_page_describes_with_the_site_and_its_attributes(
    page, kustomer_stub, material_site, path, expected
):
    boot_ready(page, material_site + path)
    described_on(page, kustomer_stub, expected)


def test_after_materials_instant_navigation_the_new_pages_attributes(
    page, kustomer_stub, material_site
):
    boot_ready(page, material_site)
    described_on(page, kustomer_stub, HOME)
    page.evaluate("window.sameDocument = true")
    page.locator(".md-content a", has_text="invoices").click()
    page.wait_for_url("**/docs/billing/invoices/")
    page.wait_for_function("document.title.startsWith('Invoices')")
    assert page.evaluate("window.sameDocument"), "Material loaded a new document"
    described_on(page, kustomer_stub, BILLING)
    assert len(kustomer_stub.calls("start")) == 1  # Material swaps its content, not the body
    assert page.evaluate("document.querySelectorAll('#kustomer-ui-sdk-iframe').length") == 1


def test_mkdocs_without_directory_urls(page, kustomer_stub, installed, serve_folder, tmp_path):
    def command(url, site_dir):
        project = mkdocs_project(tmp_path / "mkdocs", url, settings="use_directory_urls: false\n")
        return project, "-m", "mkdocs", "build", "-d", str(site_dir)

    url = served_build(installed, serve_folder, tmp_path / "host", command, "flat/")
    boot_ready(page, url + "billing/invoices.html")
    described_on(page, kustomer_stub, BILLING)


def test_mkdocs_serve(page, kustomer_stub, installed, tmp_path):
    port = free_port()
    project = mkdocs_project(tmp_path, "http://127.0.0.1:%d/docs/" % port)
    server = installed.start(
        "-m", "mkdocs", "serve", "-a", "127.0.0.1:%d" % port, cwd=project, env=BUILD_ENV, port=port
    )
    try:
        boot_ready(page, "http://127.0.0.1:%d/docs/billing/invoices/" % port)
        described_on(page, kustomer_stub, BILLING)
        # Leave before the server goes: its livereload long poll is still open.
        page.goto("about:blank")
    finally:
        server.kill()


@pytest.mark.parametrize(
    "builder, path, expected",
    [("html", "index.html", HOME), ("html", "billing.html", BILLING),
     ("html", "invoices.html", BILLING), ("dirhtml", "billing/", BILLING)],
)  # fmt: skip
def test_a_sphinx_page_describes_with_the_site_and_its_attributes(
    page, kustomer_stub, sphinx_sites, builder, path, expected
):
    boot_ready(page, "%s%s/%s" % (sphinx_sites, builder, path))
    described_on(page, kustomer_stub, expected)


def test_a_bad_option_fails_the_build_naming_it(installed, tmp_path):
    project = mkdocs_project(tmp_path / "mkdocs", options="      consent: maybe\n")
    code, output = build(installed, project, "-m", "mkdocs", "build")
    assert code == 1
    assert "Plugin 'kustomer-bridge' option 'consent': must be one of granted, pending" in output

    project = sphinx_project(tmp_path / "sphinx", 'kustomer_consent = "maybe"\n')
    code, output = build(installed, project, "-m", "sphinx", "-b", "html", ".", "_build")
    assert code == 2
    assert "kustomer_consent must be one of granted, pending, got 'maybe'" in output


def test_a_bad_page_attribute_is_a_warning_naming_the_page(installed, tmp_path):
    bad = "---\nkustomer:\n  invoiceCountNum: 1,200\n---\n# Invoices\n"
    project = mkdocs_project(tmp_path / "mkdocs")
    (project / "docs/billing/invoices.md").write_text(bad)
    code, output = build(installed, project, "-m", "mkdocs", "build")
    assert code == 0
    warning = "front matter 'kustomer' of billing/invoices.md: attribute invoiceCountNum"
    assert warning in output
    code, output = build(installed, project, "-m", "mkdocs", "build", "--strict")
    assert code == 1 and warning in output

    project = sphinx_project(tmp_path / "sphinx")
    (project / "invoices.md").write_text(bad)
    code, output = build(installed, project, "-m", "sphinx", "-W", "-b", "html", ".", "_build")
    assert code == 1
    assert "invoices.md: WARNING: metadata of invoices: attribute invoiceCountNum" in output
