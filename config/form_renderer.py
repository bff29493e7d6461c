"""Form renderer that outputs GOV.UK Design System markup for our forms.

Our forms inherit from ``GovukForm``, ``GovukModelForm`` or, for a form that
already has a Django base class (``AuthenticationForm``, say),
``GovukFormMixin``. Each sets ``default_renderer`` to ``GovukFormRenderer``.
``FORM_RENDERER`` stays Django's ``TemplatesSetting``, so the Django admin and
any other form that does not opt in keeps Django's own markup.

- ``{{ form }}`` renders ``templates/forms/govuk_form.html``.
- Each visible field renders ``templates/forms/govuk_field.html``: a
  ``govuk-form-group`` with label (or fieldset and legend for radios,
  checkboxes and other multi-input widgets), hint and error message.
- A widget template ``django/forms/widgets/<name>`` is answered by
  ``templates/govuk/widgets/<name>`` when that GOV.UK version exists, and by
  Django's own template otherwise. Django's per-type input templates
  (``text.html``, ``email.html``, ``password.html``...) only include
  ``input.html``, so they are answered by ``govuk/widgets/input.html``.
- Hint and error ids follow Django's own convention (``<id>_helptext`` and
  ``<id>_error``) so the ``aria-describedby`` Django adds to widgets, or to the
  fieldset for grouped inputs, points at them.
- Put ``{% include "includes/error_summary.html" with form=form %}`` at the
  top of a page that shows a form, and prefix the page title with "Error: "
  when ``form.errors``.

Only the template a widget asks the renderer for is swapped. A template that
``{% include %}``s a widget template by name goes through the template loader
and gets Django's version: the GOV.UK templates that include option templates
name the GOV.UK ones directly, and the parts of a ``MultiWidget`` (such as
``SplitDateTimeWidget``) keep Django's markup.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist

DJANGO_WIDGET_TEMPLATES = "django/forms/widgets/"
GOVUK_WIDGET_TEMPLATES = "govuk/widgets/"
# Django's templates for these Input widgets are just {% include "django/forms/widgets/input.html" %}.
INPUT_WIDGET_TEMPLATES = frozenset(
    f"{input_type}.html"
    for input_type in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def get_template(self, template_name):
        if template_name.startswith(DJANGO_WIDGET_TEMPLATES):
            name = template_name.removeprefix(DJANGO_WIDGET_TEMPLATES)
            if name in INPUT_WIDGET_TEMPLATES:
                name = "input.html"
            govuk_name = GOVUK_WIDGET_TEMPLATES + name
            try:
                return super().get_template(govuk_name)
            except TemplateDoesNotExist:
                pass
        return super().get_template(template_name)


class GovukFormMixin:
    """Render the form with GOV.UK markup whatever ``FORM_RENDERER`` says."""

    default_renderer = GovukFormRenderer()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
