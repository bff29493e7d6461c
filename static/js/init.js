// Starts the GOV.UK Frontend components on every page; loaded as a module by templates/base.html.
// A file rather than an inline script, so the Content Security Policy needs no exception for it.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
