"""The GOV.UK form renderer, error summary and page templates.

Forms here are GovukForm subclasses defined in this module, so the tests need
no database except where a request goes through authentication or the admin.
"""

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.template.loader import render_to_string
from pytest_django.asserts import assertInHTML

from config.form_renderer import GovukForm, GovukFormRenderer, GovukModelForm
from tests.conftest import sign_in

AGENCY_CHOICES = [("police", "Police"), ("health", "Health"), ("council", "Local authority")]


class FindingForm(GovukForm):
    title = forms.CharField(help_text="A short summary of the finding.")
    email = forms.EmailField(required=False)
    reference = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )
    detail = forms.CharField(widget=forms.Textarea)
    priority = forms.ChoiceField(choices=[("", "Choose priority"), ("high", "High"), ("low", "Low")])
    agencies = forms.MultipleChoiceField(
        choices=AGENCY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    status = forms.ChoiceField(choices=[("open", "Open"), ("closed", "Closed")], widget=forms.RadioSelect)
    confirmed = forms.BooleanField(help_text="You can change this later.")
    evidence = forms.FileField(required=False)
    due = forms.DateField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("title") == "duplicate":
            raise forms.ValidationError("A finding with this title already exists.")
        return cleaned_data


VALID_DATA = {
    "title": "Information sharing",
    "detail": "Agencies did not share information.",
    "priority": "high",
    "agencies": ["police", "health"],
    "status": "open",
    "confirmed": "on",
    "version": "1",
}


class Elements(HTMLParser):
    """Start tags of an HTML fragment, with their attributes."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value if value is not None else "" for name, value in attrs}))

    def by_id(self, element_id):
        matches = [attrs for _, attrs in self.elements if attrs.get("id") == element_id]
        assert len(matches) == 1, f"expected one element with id {element_id!r}, found {len(matches)}"
        return matches[0]

    def with_class(self, class_name, tag=None):
        return [
            attrs
            for element_tag, attrs in self.elements
            if class_name in attrs.get("class", "").split() and (tag is None or element_tag == tag)
        ]


def classes(attrs):
    return attrs.get("class", "").split()


def describedby(attrs):
    return attrs.get("aria-describedby", "").split()


def invalid_form():
    return FindingForm(data={"title": "", "priority": "", "version": "1", "email": "not-an-email"})


def test_settings_keep_djangos_renderer_and_govuk_forms_choose_their_own():
    default = get_default_renderer()
    assert type(default) is TemplatesSetting
    assert isinstance(FindingForm().renderer, GovukFormRenderer)
    assert isinstance(GovukModelForm.default_renderer, GovukFormRenderer)


def test_renderer_answers_django_widget_templates_with_govuk_versions():
    renderer = GovukFormRenderer()

    govuk = renderer.get_template("django/forms/widgets/select.html")
    assert govuk.origin.template_name == "govuk/widgets/select.html"
    for input_type in ("input", "text", "email", "password", "checkbox", "hidden"):
        template = renderer.get_template(f"django/forms/widgets/{input_type}.html")
        assert template.origin.template_name == "govuk/widgets/input.html"
    fallback = renderer.get_template("django/forms/widgets/select_option.html")
    assert fallback.origin.template_name == "django/forms/widgets/select_option.html"
    form = renderer.get_template("forms/govuk_form.html")
    assert form.origin.template_name == "forms/govuk_form.html"


def test_govuk_form_text_input_has_the_govuk_class():
    class NameForm(GovukForm):
        name = forms.CharField()

    assert classes(Elements(str(NameForm())).by_id("id_name")) == ["govuk-input"]


def test_plain_django_forms_keep_djangos_markup():
    class NameForm(forms.Form):
        name = forms.CharField()
        status = forms.ChoiceField(choices=[("open", "Open")], widget=forms.RadioSelect)

    html = str(NameForm())
    assert "govuk-" not in html
    assert "class" not in Elements(html).by_id("id_name")


@pytest.mark.django_db
def test_admin_forms_keep_djangos_markup(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    sign_in(client, admin_user)

    response = client.get("/admin/agencies/partnership/add/")
    assert response.status_code == 200
    html = response.content.decode()
    page = Elements(html)

    assert "govuk-input" not in html
    assert "govuk-form-group" not in html
    assert "govuk-select" not in html
    assert classes(page.by_id("id_name")) == ["vTextField"]


def test_form_renders_govuk_form_groups_labels_and_inputs():
    html = str(FindingForm())
    page = Elements(html)

    assert page.with_class("govuk-form-group")
    assert not page.with_class("govuk-form-group--error")
    assertInHTML('<label class="govuk-label" for="id_title">Title</label>', html)
    title = page.by_id("id_title")
    assert classes(title) == ["govuk-input"]
    assert title["type"] == "text"
    assert classes(page.by_id("id_email")) == ["govuk-input"]
    assert classes(page.by_id("id_due")) == ["govuk-input"]
    assert classes(page.by_id("id_detail")) == ["govuk-textarea"]
    assert classes(page.by_id("id_priority")) == ["govuk-select"]
    assert classes(page.by_id("id_evidence")) == ["govuk-file-upload"]


def test_labels_have_no_colon_suffix():
    assert "Title:" not in str(FindingForm())


def test_widget_classes_are_added_after_the_govuk_class():
    assert classes(Elements(str(FindingForm())).by_id("id_reference")) == [
        "govuk-input",
        "govuk-input--width-10",
    ]


def test_hint_is_linked_with_aria_describedby():
    page = Elements(str(FindingForm()))

    hint = page.by_id("id_title_helptext")
    assert classes(hint) == ["govuk-hint"]
    assert describedby(page.by_id("id_title")) == ["id_title_helptext"]
    assertInHTML(
        '<div id="id_title_helptext" class="govuk-hint">A short summary of the finding.</div>',
        str(FindingForm()),
    )


def test_invalid_field_renders_error_group_message_and_input_modifier():
    form = invalid_form()
    assert not form.is_valid()
    html = str(form)
    page = Elements(html)

    assert len(page.with_class("govuk-form-group--error")) >= 5
    assertInHTML(
        '<p id="id_title_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>',
        html,
    )
    title = page.by_id("id_title")
    assert classes(title) == ["govuk-input", "govuk-input--error"]
    assert title["aria-invalid"] == "true"
    assert describedby(title) == ["id_title_helptext", "id_title_error"]
    assert describedby(page.by_id("id_email")) == ["id_email_error"]
    assert classes(page.by_id("id_detail")) == ["govuk-textarea", "govuk-textarea--error"]
    assert classes(page.by_id("id_priority")) == ["govuk-select", "govuk-select--error"]


def test_valid_fields_of_an_invalid_form_are_not_marked_as_errors():
    page = Elements(str(invalid_form()))

    reference = page.by_id("id_reference")
    assert "govuk-input--error" not in classes(reference)
    assert "aria-invalid" not in reference
    assert "aria-describedby" not in reference


def test_checkbox_select_multiple_renders_govuk_checkboxes_in_a_fieldset():
    html = str(invalid_form())
    page = Elements(html)

    fieldset = next(
        attrs for attrs in page.with_class("govuk-fieldset") if "id_agencies_error" in describedby(attrs)
    )
    assert describedby(fieldset) == ["id_agencies_helptext", "id_agencies_error"]
    assertInHTML('<legend class="govuk-fieldset__legend">Agencies</legend>', html)
    container = page.by_id("id_agencies")
    assert classes(container) == ["govuk-checkboxes"]
    assert container["data-module"] == "govuk-checkboxes"
    assert len(page.with_class("govuk-checkboxes__item")) == len(AGENCY_CHOICES) + 1  # + the single checkbox
    first = page.by_id("id_agencies_0")
    assert classes(first) == ["govuk-checkboxes__input"]
    assert first["type"] == "checkbox"
    assert "aria-describedby" not in first
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="id_agencies_0">Police</label>', html
    )
    assertInHTML(
        '<p id="id_agencies_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>',
        html,
    )


def test_checkbox_select_multiple_keeps_selected_values():
    page = Elements(str(FindingForm(data=VALID_DATA)))

    assert "checked" in page.by_id("id_agencies_0")
    assert "checked" in page.by_id("id_agencies_1")
    assert "checked" not in page.by_id("id_agencies_2")


def test_radio_select_renders_govuk_radios_in_a_fieldset():
    html = str(invalid_form())
    page = Elements(html)

    assertInHTML('<legend class="govuk-fieldset__legend">Status</legend>', html)
    container = page.by_id("id_status")
    assert classes(container) == ["govuk-radios"]
    assert container["data-module"] == "govuk-radios"
    assert len(page.with_class("govuk-radios__item")) == 2
    assert classes(page.by_id("id_status_0")) == ["govuk-radios__input"]
    assertInHTML('<label class="govuk-label govuk-radios__label" for="id_status_1">Closed</label>', html)
    assert any(describedby(attrs) == ["id_status_error"] for attrs in page.with_class("govuk-fieldset"))


def test_single_checkbox_is_one_govuk_checkboxes_item_with_item_hint():
    html = str(invalid_form())
    page = Elements(html)

    checkbox = page.by_id("id_confirmed")
    assert classes(checkbox) == ["govuk-checkboxes__input"]
    assert describedby(checkbox) == ["id_confirmed_helptext", "id_confirmed_error"]
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="id_confirmed">Confirmed</label>', html
    )
    assert classes(page.by_id("id_confirmed_helptext")) == ["govuk-hint", "govuk-checkboxes__hint"]
    assert classes(page.by_id("id_confirmed_error")) == ["govuk-error-message"]


def test_file_input_error_modifier():
    class UploadForm(GovukForm):
        document = forms.FileField()

    form = UploadForm(data={}, files={})
    assert not form.is_valid()
    assert classes(Elements(str(form)).by_id("id_document")) == [
        "govuk-file-upload",
        "govuk-file-upload--error",
    ]

    valid = UploadForm(data={}, files={"document": SimpleUploadedFile("report.pdf", b"%PDF")})
    assert valid.is_valid()


class StoredFile:
    """Stands in for a FieldFile: ClearableFileInput only needs url and str()."""

    url = "/evidence/report.pdf"

    def __str__(self):
        return "report.pdf"


def test_clearable_file_input_shows_current_file_and_clear_checkbox():
    class UploadForm(GovukForm):
        document = forms.FileField(required=False)

    html = str(UploadForm(initial={"document": StoredFile()}))
    page = Elements(html)

    document = page.by_id("id_document")
    assert classes(document) == ["govuk-file-upload"]
    assert "value" not in document
    assertInHTML('<a class="govuk-link" href="/evidence/report.pdf">report.pdf</a>', html)
    assert classes(page.by_id("document-clear_id")) == ["govuk-checkboxes__input"]
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="document-clear_id">Clear</label>', html
    )


def test_hidden_fields_and_non_field_errors():
    form = FindingForm(data=VALID_DATA | {"title": "duplicate"})
    assert not form.is_valid()
    html = str(form)
    page = Elements(html)

    hidden = page.by_id("id_version")
    assert hidden["type"] == "hidden"
    assert "class" not in hidden
    assertInHTML(
        '<p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
        "A finding with this title already exists.</p>",
        html,
    )


def test_error_summary_renders_nothing_without_errors():
    assert render_to_string("includes/error_summary.html", {"form": FindingForm()}).strip() == ""
    assert (
        render_to_string("includes/error_summary.html", {"form": FindingForm(data=VALID_DATA)}).strip() == ""
    )
    assert render_to_string("includes/error_summary.html", {}).strip() == ""


def test_error_summary_links_to_fields_in_order():
    html = render_to_string("includes/error_summary.html", {"form": invalid_form()})
    page = Elements(html)

    summary = page.with_class("govuk-error-summary")[0]
    assert summary["data-module"] == "govuk-error-summary"
    assertInHTML('<h2 class="govuk-error-summary__title">There is a problem</h2>', html)
    links = [attrs["href"] for tag, attrs in page.elements if tag == "a"]
    assert links == [
        "#id_title",
        "#id_email",
        "#id_detail",
        "#id_priority",
        "#id_agencies_0",
        "#id_status_0",
        "#id_confirmed",
    ]
    assertInHTML('<a href="#id_title">This field is required.</a>', html)
    assertInHTML('<a href="#id_email">Enter a valid email address.</a>', html)


def test_error_summary_lists_non_field_errors_without_a_link():
    form = FindingForm(data=VALID_DATA | {"title": "duplicate"})
    assert not form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})

    assertInHTML("<li>A finding with this title already exists.</li>", html)
    assert "<a " not in html


def test_error_summary_uses_form_prefix_in_ids():
    form = FindingForm(data={"f-title": ""}, prefix="f")
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})

    assert 'href="#id_f-title"' in html
    assert 'href="#id_f-agencies_0"' in html
    assert Elements(str(form)).by_id("id_f-title_error")


def test_login_page_uses_govuk_markup(client):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    html = response.content.decode()
    page = Elements(html)

    assert "<title>Sign in - Practice Review Tracker</title>" in html
    assert classes(page.by_id("id_username")) == ["govuk-input"]
    assert page.by_id("id_username")["autocomplete"] == "username"
    assert "autofocus" not in html
    assert page.by_id("id_password")["autocomplete"] == "current-password"
    assert classes(page.by_id("id_password")) == ["govuk-input"]
    assertInHTML(
        '<button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>', html
    )
    assert "govuk-error-summary" not in html
    assert page.by_id("main-content")
    assert 'href="#main-content"' in html
    assert "Sign out" not in html


@pytest.mark.django_db
def test_login_page_shows_error_summary_and_error_title(client):
    response = client.post("/sign-in/", {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()

    assert "<title>Error: Sign in - Practice Review Tracker</title>" in html
    assert "govuk-error-summary" in html
    assert 'href="#id_username"' in html
    assert 'href="#id_password"' in html
    page = Elements(html)
    assert classes(page.by_id("id_username")) == ["govuk-input", "govuk-input--error"]
    assert "autofocus" not in html


@pytest.mark.django_db
def test_sign_in_form_signs_the_user_in(client, django_user_model):
    django_user_model.objects.create_user("reviewer", password="correct-horse")

    response = client.post("/sign-in/", {"username": "reviewer", "password": "correct-horse"})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def render_page(rf, user, messages=()):
    request = rf.get("/")
    request.user = user
    request._messages = list(messages)
    return render_to_string("base.html", {}, request=request)


def test_signed_in_pages_show_sign_out_as_a_post_form(rf):
    html = render_page(rf, SimpleNamespace(is_authenticated=True))
    page = Elements(html)

    forms_ = [attrs for tag, attrs in page.elements if tag == "form"]
    # The navigation's, and the timeout warning's (templates/includes/session_timeout.html).
    assert forms_ == [
        {"method": "post", "action": "/sign-out/", "class": "app-service-navigation__form"},
        {"method": "post", "action": "/sign-out/", "class": "app-timeout-dialog__form"},
    ]
    inputs = [attrs["name"] for tag, attrs in page.elements if tag == "input"]
    assert inputs == ["csrfmiddlewaretoken", "csrfmiddlewaretoken"]
    assertInHTML(
        '<button type="submit" class="govuk-service-navigation__link app-service-navigation__button">'
        "Sign out</button>",
        html,
    )
    assert page.by_id("navigation")


def test_base_template_uses_service_navigation_not_the_govuk_header(rf):
    html = render_page(rf, AnonymousUser())
    page = Elements(html)

    assert '<html lang="en" class="govuk-template">' in html
    assertInHTML('<a href="/" class="govuk-service-navigation__link">Practice Review Tracker</a>', html)
    assert not page.with_class("govuk-header")
    assert "govuk-footer__crown" not in html
    assert "Crown copyright" not in html
    assert "Open Government Licence" not in html
    assert "Sign out" not in html
    assert '<script type="module" src="/static/js/init.js"></script>' in html
    assert "/static/govuk/govuk-frontend.min.css" in html


def test_messages_render_as_notification_banners(rf):
    html = render_page(
        rf,
        AnonymousUser(),
        messages=[
            Message(constants.SUCCESS, "Finding saved."),
            Message(constants.INFO, "The review is due next week."),
        ],
    )
    page = Elements(html)

    success = page.with_class("govuk-notification-banner--success")
    assert len(success) == 1
    assert success[0]["role"] == "alert"
    assert success[0]["aria-labelledby"] == "govuk-notification-banner-title-1"
    assertInHTML(
        '<h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title-1">Success</h2>',
        html,
    )
    assertInHTML('<p class="govuk-notification-banner__heading">Finding saved.</p>', html)
    banners = page.with_class("govuk-notification-banner")
    assert [banner["role"] for banner in banners] == ["alert", "region"]
    assertInHTML(
        '<h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title-2">Important</h2>',
        html,
    )
